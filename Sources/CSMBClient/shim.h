#ifndef ZEROTOUCH_CSMBCLIENT_SHIM_H
#define ZEROTOUCH_CSMBCLIENT_SHIM_H

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <fcntl.h>
#include <time.h>
#include <errno.h>
#include <stdlib.h>
#include <pthread.h>
#include <dlfcn.h>
/* The header only: the library is loaded at first use (zt_smbc_load below), so the module links nothing. */
#include <samba-4.0/libsmbclient.h>

/*
 * libsmbclient keeps per-call scratch memory (talloc stack frames) in process-wide variables
 * unless a thread implementation is registered with Samba's util library. The header declares
 * smbc_thread_posix() for that, but Debian's libsmbclient does not export it, and without it two
 * threads using two contexts corrupt each other's frames. These functions give Samba pthread
 * mutexes and thread-local storage through smb_thread_set_functions(), which libsamba-util (loaded
 * with libsmbclient) exports. The table's layout is Samba's struct smb_thread_functions.
 */
struct zt_smb_thread_functions {
    int (*create_mutex)(const char *lockname, void **pplock, const char *location);
    void (*destroy_mutex)(void *plock, const char *location);
    int (*lock_mutex)(void *plock, int lock_type, const char *location);
    int (*create_tls)(const char *keyname, void **ppkey, const char *location);
    void (*destroy_tls)(void **ppkey, const char *location);
    int (*set_tls)(void *pkey, const void *pval, const char *location);
    void *(*get_tls)(void *pkey, const char *location);
};

static int zt_create_mutex(const char *lockname, void **pplock, const char *location) {
    pthread_mutex_t *mutex = malloc(sizeof(pthread_mutex_t));
    if (!mutex) return ENOMEM;
    pthread_mutex_init(mutex, NULL);
    *pplock = mutex;
    return 0;
}

static void zt_destroy_mutex(void *plock, const char *location) {
    pthread_mutex_destroy((pthread_mutex_t *)plock);
    free(plock);
}

/* lock_type: 1 locks, 2 unlocks (Samba's enum smb_thread_lock_type). A lock made before the table
   was registered is NULL, and stays a no-op as it was. */
static int zt_lock_mutex(void *plock, int lock_type, const char *location) {
    if (!plock) return 0;
    if (lock_type == 1) return pthread_mutex_lock((pthread_mutex_t *)plock);
    if (lock_type == 2) return pthread_mutex_unlock((pthread_mutex_t *)plock);
    return EINVAL;
}

static int zt_create_tls(const char *keyname, void **ppkey, const char *location) {
    if (*ppkey) return 0;
    pthread_key_t *key = malloc(sizeof(pthread_key_t));
    if (!key) return ENOMEM;
    int result = pthread_key_create(key, NULL);
    if (result) { free(key); return result; }
    *ppkey = key;
    return 0;
}

static void zt_destroy_tls(void **ppkey, const char *location) {
    if (!*ppkey) return;
    pthread_key_delete(*(pthread_key_t *)*ppkey);
    free(*ppkey);
    *ppkey = NULL;
}

/* Samba's talloc stack creates its key once, and that may happen while libsmbclient loads, before
   the table is registered: its key is then NULL. That one variable lives in this thread-local slot. */
static const void **zt_unkeyed_tls(void) {
    static _Thread_local const void *slot;
    return &slot;
}

static int zt_set_tls(void *pkey, const void *pval, const char *location) {
    if (!pkey) { *zt_unkeyed_tls() = pval; return 0; }
    return pthread_setspecific(*(pthread_key_t *)pkey, pval);
}

static void *zt_get_tls(void *pkey, const char *location) {
    if (!pkey) return (void *)*zt_unkeyed_tls();
    return pthread_getspecific(*(pthread_key_t *)pkey);
}

/* Registers the table with the Samba util library loaded under `handle`; returns 0, or -1 when it does
   not offer the hook. */
static inline int zt_smb_enable_threads(void *handle) {
    static const struct zt_smb_thread_functions table = {
        zt_create_mutex, zt_destroy_mutex, zt_lock_mutex, zt_create_tls, zt_destroy_tls, zt_set_tls, zt_get_tls,
    };
    int (*set_functions)(const struct zt_smb_thread_functions *) =
        (int (*)(const struct zt_smb_thread_functions *))dlsym(handle, "smb_thread_set_functions");
    if (!set_functions) return -1;
    return set_functions(&table);
}

/*
 * libsmbclient is opened with dlopen when the first SMB context is made, not linked: linking it loads
 * about a hundred Samba libraries at every start of zerotouch, some 30 ms of each command, and most
 * commands never touch a share. The entry points ZeroTouch calls, each typed by its declaration in
 * libsmbclient.h. A call not listed here does not link, which keeps them all behind this table.
 */
#define ZT_SMBC_FUNCTIONS(X) \
    X(smbc_new_context) X(smbc_free_context) X(smbc_init_context) X(smbc_setDebug) X(smbc_setTimeout) \
    X(smbc_setOptionUseKerberos) X(smbc_setOptionFallbackAfterKerberos) X(smbc_setOptionUseCCache) \
    X(smbc_setOptionNoAutoAnonymousLogin) X(smbc_setOptionUserData) X(smbc_getOptionUserData) \
    X(smbc_setFunctionAuthDataWithContext) X(smbc_getFunctionStat) X(smbc_getFunctionMkdir) \
    X(smbc_getFunctionUnlink) X(smbc_getFunctionRmdir) X(smbc_getFunctionRename) X(smbc_getFunctionOpendir) \
    X(smbc_getFunctionClosedir) X(smbc_getFunctionReaddirPlus2) X(smbc_getFunctionOpen) X(smbc_getFunctionRead) \
    X(smbc_getFunctionWrite) X(smbc_getFunctionLseek) X(smbc_getFunctionClose)

struct zt_smbc_api {
#define ZT_SMBC_FIELD(name) __typeof__(&name) name;
    ZT_SMBC_FUNCTIONS(ZT_SMBC_FIELD)
#undef ZT_SMBC_FIELD
    /* Whether Samba's thread support is on (zt_smb_enable_threads). */
    int threads;
};

/* Opens the library and fills `api`; returns NULL, or what went wrong (dlerror's text). */
static inline const char *zt_smbc_load(struct zt_smbc_api *api) {
    void *handle = dlopen("libsmbclient.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!handle) return dlerror();
#define ZT_SMBC_LOOKUP(name) \
    api->name = (__typeof__(&name))dlsym(handle, #name); \
    if (!api->name) return "libsmbclient.so.0 has no " #name;
    ZT_SMBC_FUNCTIONS(ZT_SMBC_LOOKUP)
#undef ZT_SMBC_LOOKUP
    api->threads = zt_smb_enable_threads(handle) == 0;
    return NULL;
}

#endif
