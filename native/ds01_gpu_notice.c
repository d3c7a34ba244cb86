/* libds01_gpu_notice.so: preloaded for users whose host GPU compute is blocked
 * (CUDA_VISIBLE_DEVICES=""), it notices a blocked CUDA start and, at a failing exit, tells the user
 * to use a container. See README.md for the design.
 *
 * Three ways reach the driver's cuInit, and each is caught here:
 *   1. direct: the program links libcuda; our exported cuInit comes first in the search order;
 *   2. dlsym/dlvsym(handle, "cuInit"): we interpose dlsym and dlvsym and hand back a wrapper;
 *   3. cuGetProcAddress[_v2] (the CUDA runtime since 11.3): obtained through dlsym (or linked), it
 *      is wrapped too, and its answers for "cuInit" and for itself are replaced by wrappers, so
 *      later look-ups stay caught. Every other symbol passes through untouched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <string.h>

#include "notice.h"

typedef CUresult (*cuinit_fn)(unsigned int);
typedef CUresult (*gpa_v1_fn)(const char *, void **, int, uint64_t);
typedef CUresult (*gpa_v2_fn)(const char *, void **, int, uint64_t, void *);

static _Atomic(cuinit_fn) real_cuinit;
static _Atomic(gpa_v1_fn) real_gpa_v1;
static _Atomic(gpa_v2_fn) real_gpa_v2;

static int is_ours(const void *p);

/* A function of the driver's already known (its cuGetProcAddress), for finding the rest in it. */
static const void *known_driver_fn(void) {
  const void *p = (const void *)atomic_load(&real_gpa_v2);
  return p != NULL ? p : (const void *)atomic_load(&real_gpa_v1);
}

/* The driver's own function, never one of our wrappers (a driver that resolves its own names through
 * the global scope hands our exports back to us). */
static void *driver_own(const char *name, const void *driver_fn) {
  void *p = ds01_driver_symbol(name, driver_fn);
  return p != NULL && !is_ours(p) ? p : NULL;
}

static cuinit_fn driver_cuinit(void) {
  cuinit_fn real = atomic_load(&real_cuinit);
  if (real == NULL) {
    real = (cuinit_fn)driver_own("cuInit", known_driver_fn());
    atomic_store(&real_cuinit, real);
  }
  return real;
}

static CUresult observe(cuinit_fn real, unsigned int flags, enum ds01_via via) {
  if (real == NULL) return CUDA_ERROR_NOT_FOUND;
  CUresult result = real(flags);
  if (result != CUDA_SUCCESS) ds01_note_failure(result, via);
  return result;
}

static CUresult cuinit_direct(unsigned int flags) {
  return observe(driver_cuinit(), flags, DS01_VIA_DIRECT);
}

static CUresult cuinit_dlsym(unsigned int flags) {
  return observe(driver_cuinit(), flags, DS01_VIA_DLSYM);
}

static CUresult cuinit_gpa(unsigned int flags) {
  return observe(driver_cuinit(), flags, DS01_VIA_GETPROCADDRESS);
}

static void rewrite_proc(const char *symbol, void **pfn, int cuda_version);

static CUresult gpa_v1(const char *symbol, void **pfn, int cuda_version, uint64_t flags) {
  gpa_v1_fn real = atomic_load(&real_gpa_v1);
  if (real == NULL) {
    real = (gpa_v1_fn)driver_own("cuGetProcAddress", (const void *)atomic_load(&real_gpa_v2));
    atomic_store(&real_gpa_v1, real);
  }
  if (real == NULL) return CUDA_ERROR_NOT_FOUND;
  CUresult result = real(symbol, pfn, cuda_version, flags);
  if (result == CUDA_SUCCESS) rewrite_proc(symbol, pfn, cuda_version);
  return result;
}

static CUresult gpa_v2(const char *symbol, void **pfn, int cuda_version, uint64_t flags, void *status) {
  gpa_v2_fn real = atomic_load(&real_gpa_v2);
  if (real == NULL) {
    real = (gpa_v2_fn)driver_own("cuGetProcAddress_v2", (const void *)atomic_load(&real_gpa_v1));
    atomic_store(&real_gpa_v2, real);
  }
  if (real == NULL) return CUDA_ERROR_NOT_FOUND;
  CUresult result = real(symbol, pfn, cuda_version, flags, status);
  if (result == CUDA_SUCCESS) rewrite_proc(symbol, pfn, cuda_version);
  return result;
}

/* The exported names of the wrappers, for programs linked against libcuda. */
DS01_EXPORT extern __typeof__(cuinit_direct) cuInit __attribute__((alias("cuinit_direct")));
DS01_EXPORT extern __typeof__(gpa_v1) cuGetProcAddress __attribute__((alias("gpa_v1")));
DS01_EXPORT extern __typeof__(gpa_v2) cuGetProcAddress_v2 __attribute__((alias("gpa_v2")));

static int is_ours(const void *p) {
  return p == (void *)cuinit_direct || p == (void *)cuinit_dlsym || p == (void *)cuinit_gpa ||
         p == (void *)gpa_v1 || p == (void *)gpa_v2;
}

/* Which cuGetProcAddress the driver handed back: its exported name says; else, since CUDA 12.0,
 * asking for "cuGetProcAddress" with a version >= 12000 yields the _v2 signature. */
static int is_gpa_v2(const char *symbol, void *p, int cuda_version) {
  if (p == (void *)atomic_load(&real_gpa_v2)) return 1;
  if (p == (void *)atomic_load(&real_gpa_v1)) return 0;
  Dl_info info;
  if (dladdr(p, &info) && info.dli_sname != NULL && info.dli_saddr == p) {
    if (strcmp(info.dli_sname, "cuGetProcAddress_v2") == 0) return 1;
    if (strcmp(info.dli_sname, "cuGetProcAddress") == 0) return 0;
  }
  return strcmp(symbol, "cuGetProcAddress_v2") == 0 || cuda_version >= 12000;
}

/* An answer that is already ours comes from a driver resolving its own names through the global scope:
 * our wrappers then find the driver's function themselves (driver_cuinit, the lazy look-ups above). */
static void rewrite_proc(const char *symbol, void **pfn, int cuda_version) {
  if (symbol == NULL || pfn == NULL || *pfn == NULL) return;
  if (strcmp(symbol, "cuInit") == 0) {
    if (!is_ours(*pfn)) atomic_store(&real_cuinit, (cuinit_fn)*pfn);
    *pfn = (void *)cuinit_gpa;
  } else if (is_ours(*pfn)) {
    return;
  } else if (strncmp(symbol, "cuGetProcAddress", 16) == 0) {
    if (is_gpa_v2(symbol, *pfn, cuda_version)) {
      atomic_store(&real_gpa_v2, (gpa_v2_fn)*pfn);
      *pfn = (void *)gpa_v2;
    } else {
      atomic_store(&real_gpa_v1, (gpa_v1_fn)*pfn);
      *pfn = (void *)gpa_v1;
    }
  }
}

static int is_driver_entry(const char *name) {
  return name != NULL && name[0] == 'c' && name[1] == 'u' &&
         (strcmp(name, "cuInit") == 0 || strcmp(name, "cuGetProcAddress") == 0 ||
          strcmp(name, "cuGetProcAddress_v2") == 0);
}

/* sym is what the real lookup found. When the handle's scope includes this library (RTLD_DEFAULT,
 * dlopen(NULL)), that is our own export: answer with the next definition, or NULL when no libcuda
 * is loaded, exactly as without us. */
static void *wrap_lookup(const char *name, void *sym, enum ds01_via via) {
  if (sym != NULL && is_ours(sym)) sym = ds01_next(name);
  if (sym == NULL) return NULL;
  if (strcmp(name, "cuInit") == 0) {
    atomic_store(&real_cuinit, (cuinit_fn)sym);
    return via == DS01_VIA_DLSYM ? (void *)cuinit_dlsym : (void *)cuinit_gpa;
  }
  if (strcmp(name, "cuGetProcAddress") == 0) {
    atomic_store(&real_gpa_v1, (gpa_v1_fn)sym);
    return (void *)gpa_v1;
  }
  atomic_store(&real_gpa_v2, (gpa_v2_fn)sym);
  return (void *)gpa_v2;
}

/* For any other name, and for RTLD_NEXT, the real dlsym is reached by a tail call, so that it
 * still sees our caller's return address: RTLD_NEXT stays relative to the caller (another
 * interposer loaded after us would otherwise get its own symbol back and recurse). */
DS01_EXPORT void *dlsym(void *handle, const char *name) {
  ds01_dlsym_fn real = ds01_next_dlsym();
  if (real == NULL) return NULL;
  if (handle == RTLD_NEXT || !is_driver_entry(name)) return real(handle, name);
  return wrap_lookup(name, real(handle, name), DS01_VIA_DLSYM);
}

DS01_EXPORT void *dlvsym(void *handle, const char *name, const char *version) {
  ds01_dlvsym_fn real = ds01_next_dlvsym();
  if (real == NULL) return NULL;
  if (handle == RTLD_NEXT || !is_driver_entry(name)) return real(handle, name, version);
  return wrap_lookup(name, real(handle, name, version), DS01_VIA_DLSYM);
}
