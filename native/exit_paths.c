/* Seeing the process's exit status, so the notice is printed only for a failing exit.
 *
 * A destructor cannot see the exit status, so the status is taken where it is still known:
 *   - main's return value: __libc_start_main is interposed and runs main through a wrapper
 *     (Python, for one, returns from main with 1 after an uncaught exception and never calls
 *     exit() itself; libc's own call to exit after main is internal and cannot be interposed);
 *   - exit(status) called by the program or a library;
 *   - _exit/_Exit(status): destructors do not run, so the decision is made right there.
 * The decision itself runs from our destructor, i.e. during exit, after the program's own error
 * output. A status we never saw (libc-internal exits such as error(3)) is treated as failing. */
#define _GNU_SOURCE
#include <stddef.h>

#include "notice.h"

typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);

static main_fn program_main;

__attribute__((constructor)) static void at_load(void) {
  ds01_remember_stderr();
  ds01_resolve_startup_symbols();
}

__attribute__((destructor)) static void at_unload(void) {
  ds01_decide_at_exit();
}

static int main_wrapper(int argc, char **argv, char **envp) {
  int status = program_main(argc, argv, envp);
  ds01_note_exit_status(status);
  return status;
}

DS01_EXPORT int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                                  void (*rtld_fini)(void), void *stack_end) {
  start_fn real = (start_fn)ds01_next("__libc_start_main");
  program_main = main;
  return real(main_wrapper, argc, argv, init, fini, rtld_fini, stack_end);
}

DS01_EXPORT __attribute__((noreturn)) void exit(int status) {
  ds01_note_exit_status(status);
  ds01_real_exit()(status);
}

static __attribute__((noreturn)) void exit_now(int status) {
  ds01_note_exit_status(status);
  ds01_decide_at_exit();
  ds01_real__exit()(status);
}

DS01_EXPORT extern __typeof__(exit_now) _exit __attribute__((alias("exit_now")));
DS01_EXPORT extern __typeof__(exit_now) _Exit __attribute__((alias("exit_now")));
