/* Ways 2 and 3, one per mode. Usage: cuda_dlsym MODE [ending]
 *   dlsym | dlsym-old | dlvsym | gpa | gpa_v2 | cudart   reach cuInit and print its result
 *   passthrough   other symbols come back untouched (same address, the driver's own name)
 *   absent        dlsym(RTLD_DEFAULT, "cuInit") without a loaded driver must stay NULL */
#include "testprog.h"

/* Wheels built for old glibc (manylinux, e.g. PyTorch's) bind dlsym at its old version. */
#ifdef __x86_64__
void *dlsym_old(void *, const char *);
__asm__(".symver dlsym_old, dlsym@GLIBC_2.2.5");
#else
#define dlsym_old dlsym
#endif

static int same_symbol(void *p, const char *name) {
  Dl_info info;
  return p != NULL && dladdr(p, &info) && info.dli_sname && strcmp(info.dli_sname, name) == 0 &&
         info.dli_saddr == p && strstr(info.dli_fname, "libcuda.so.1") != NULL;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *mode = argc > 1 ? argv[1] : "dlsym";
  const char *ending = argc > 2 ? argv[2] : "return:1";
  if (strcmp(mode, "absent") == 0) {
    printf("RTLD_DEFAULT cuInit=%s\n", dlsym(RTLD_DEFAULT, "cuInit") ? "found" : "null");
    return finish(ending);
  }
  void *h = open_driver();
  if (h == NULL) return 2;
  int result = -1, status = 0;
  cuinit_fn init = NULL;
  if (strcmp(mode, "dlsym") == 0) {
    init = (cuinit_fn)dlsym(h, "cuInit");
  } else if (strcmp(mode, "dlsym-old") == 0) {
    init = (cuinit_fn)dlsym_old(h, "cuInit");
  } else if (strcmp(mode, "dlvsym") == 0) {
    init = (cuinit_fn)dlvsym(h, "cuInit", "DS01_STUB_CUDA");
  } else if (strcmp(mode, "gpa") == 0) {
    gpa_v1_fn gpa = (gpa_v1_fn)dlsym(h, "cuGetProcAddress");
    gpa("cuInit", (void **)&init, 11030, 0);
  } else if (strcmp(mode, "gpa_v2") == 0) {
    gpa_v2_fn gpa2 = (gpa_v2_fn)dlsym(h, "cuGetProcAddress_v2");
    gpa2("cuInit", (void **)&init, 12000, 0, &status);
  } else if (strcmp(mode, "cudart") == 0) {
    result = cuinit_like_cudart(h);
  } else if (strcmp(mode, "passthrough") == 0) {
    gpa_v2_fn gpa2 = (gpa_v2_fn)dlsym(h, "cuGetProcAddress_v2");
    void *version = NULL;
    gpa2("cuDriverGetVersion", &version, 12000, 0, &status);
    int ok = same_symbol(dlsym(h, "cuDriverGetVersion"), "cuDriverGetVersion") &&
             same_symbol(version, "cuDriverGetVersion") && dlsym(h, "cuNoSuchThing") == NULL &&
             gpa2("cuNoSuchThing", &version, 12000, 0, &status) == 500;
    printf("passthrough %s\n", ok ? "ok" : "BROKEN");
    return ok ? 0 : 1;
  }
  if (init != NULL) result = init(0);
  printf("cuInit=%d\n", result);
  return finish(ending);
}
