/* A second preload, loaded after the notice library, that wraps puts the usual way:
 * dlsym(RTLD_NEXT, "puts"). If our dlsym did not keep RTLD_NEXT relative to this caller, it
 * would get its own puts back and recurse until the stack overflows. */
#define _GNU_SOURCE
#include <dlfcn.h>

int puts(const char *s) {
  int (*next)(const char *) = (int (*)(const char *))dlsym(RTLD_NEXT, "puts");
  return next(s);
}
