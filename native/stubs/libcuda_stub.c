/* Stand-in for the NVIDIA driver (libcuda.so.1) in tests: cuInit fails with 100
 * (CUDA_ERROR_NO_DEVICE) when CUDA_VISIBLE_DEVICES is set and empty, as the real driver does for a
 * blocked user, and succeeds otherwise. STUB_CUINIT_RESULT forces another result code.
 * Built twice: with -Bsymbolic like the real driver (build/stub: its own cross-references never go
 * through a preload), and without (build/stub-global: the addresses cuGetProcAddress hands back are
 * resolved through the global scope, where a preloaded library's exports come first). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;

CUresult cuInit(unsigned int flags) {
  (void)flags;
  const char *forced = getenv("STUB_CUINIT_RESULT");
  if (forced != NULL) return atoi(forced);
  const char *devices = getenv("CUDA_VISIBLE_DEVICES");
  return devices != NULL && devices[0] == '\0' ? 100 : 0;
}

/* STUB_DRIVER_VERSION lets a test satisfy a newer real CUDA runtime (it refuses an older driver first). */
CUresult cuDriverGetVersion(int *version) {
  const char *forced = getenv("STUB_DRIVER_VERSION");
  *version = forced != NULL ? atoi(forced) : 12040;
  return 0;
}

CUresult cuGetProcAddress(const char *symbol, void **pfn, int cuda_version, uint64_t flags);
CUresult cuGetProcAddress_v2(const char *symbol, void **pfn, int cuda_version, uint64_t flags, int *status);

/* Both entry points answer here (a static call, never through a preload); the addresses it takes are
 * what the link mode makes them. Since CUDA 12.0 "cuGetProcAddress" at version >= 12000 is the _v2 entry. */
static CUresult proc_address(const char *symbol, void **pfn, int cuda_version) {
  *pfn = NULL;
  if (strcmp(symbol, "cuInit") == 0) *pfn = (void *)cuInit;
  else if (strcmp(symbol, "cuDriverGetVersion") == 0) *pfn = (void *)cuDriverGetVersion;
  else if (strcmp(symbol, "cuGetProcAddress") == 0)
    *pfn = cuda_version >= 12000 ? (void *)cuGetProcAddress_v2 : (void *)cuGetProcAddress;
  return *pfn != NULL ? 0 : 500;
}

CUresult cuGetProcAddress(const char *symbol, void **pfn, int cuda_version, uint64_t flags) {
  (void)flags;
  return proc_address(symbol, pfn, cuda_version);
}

CUresult cuGetProcAddress_v2(const char *symbol, void **pfn, int cuda_version, uint64_t flags, int *status) {
  (void)flags;
  CUresult result = proc_address(symbol, pfn, cuda_version);
  if (status != NULL) *status = result == 0 ? 0 : 1;
  return result;
}
