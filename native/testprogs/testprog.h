/* Shared by the test programs: loading the (stub) driver and ending the way a test asks. */
#ifndef DS01_TESTPROG_H
#define DS01_TESTPROG_H
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*cuinit_fn)(unsigned int);
typedef int (*gpa_v1_fn)(const char *, void **, int, uint64_t);
typedef int (*gpa_v2_fn)(const char *, void **, int, uint64_t, int *);

static inline void *open_driver(void) {
  void *h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) fprintf(stderr, "no CUDA driver: %s\n", dlerror());
  return h;
}

/* The CUDA runtime's way (11.3+): cuGetProcAddress from dlsym, then itself at 12000 (-> _v2),
 * then every entry point through it. */
static inline int cuinit_like_cudart(void *h) {
  gpa_v1_fn gpa = (gpa_v1_fn)dlsym(h, "cuGetProcAddress");
  gpa_v2_fn gpa2 = NULL;
  cuinit_fn init = NULL;
  int status = 0;
  if (gpa == NULL || gpa("cuGetProcAddress", (void **)&gpa2, 12000, 0) != 0) return -1;
  if (gpa2("cuInit", (void **)&init, 12000, 0, &status) != 0) return -1;
  return init(0);
}

/* "return:N" (from main), "exit:N", "_exit:N" or "_Exit:N". */
static inline int finish(const char *how) {
  const char *colon = strchr(how, ':');
  int status = colon ? atoi(colon + 1) : 0;
  if (strncmp(how, "exit:", 5) == 0) exit(status);
  if (strncmp(how, "_exit:", 6) == 0) _exit(status);
  if (strncmp(how, "_Exit:", 6) == 0) _Exit(status);
  return status;
}
#endif
