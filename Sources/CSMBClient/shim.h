#ifndef ZEROTOUCH_CSMBCLIENT_SHIM_H
#define ZEROTOUCH_CSMBCLIENT_SHIM_H

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <fcntl.h>
#include <time.h>
#include <libsmbclient.h>

#endif
