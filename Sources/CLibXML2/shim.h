#ifndef ZEROTOUCH_CLIBXML2_SHIM_H
#define ZEROTOUCH_CLIBXML2_SHIM_H
// Debian's libxml2 headers enable ICU, whose types clash with Foundation's own ICU module;
// ZeroTouch never uses libxml2's ICU support.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/c14n.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlerror.h>

// xmlFree is a mutable global function pointer, which Swift 6 refuses to touch; call it from C.
static inline void cxml_free(void *p) { xmlFree(p); }
#endif
