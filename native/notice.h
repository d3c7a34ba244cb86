/* Shared declarations of the notice library's parts. Only the interposed symbols are exported
 * (the library is built with -fvisibility=hidden); everything here stays internal. */
#ifndef DS01_NOTICE_H
#define DS01_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#define DS01_EXPORT __attribute__((visibility("default")))

typedef int CUresult;
enum { CUDA_SUCCESS = 0, CUDA_ERROR_NOT_FOUND = 500 };

enum ds01_via { DS01_VIA_DIRECT = 0, DS01_VIA_DLSYM = 1, DS01_VIA_GETPROCADDRESS = 2 };

/* real_symbols.c: the functions our exports hide. */
typedef void *(*ds01_dlsym_fn)(void *, const char *);
typedef void *(*ds01_dlvsym_fn)(void *, const char *, const char *);
ds01_dlsym_fn ds01_next_dlsym(void);
ds01_dlvsym_fn ds01_next_dlvsym(void);
void *ds01_next(const char *name);
void *ds01_driver_symbol(const char *name, const void *driver_fn);
void ds01_resolve_startup_symbols(void);
typedef void (*ds01_exit_fn)(int) __attribute__((noreturn));
ds01_exit_fn ds01_real_exit(void);
ds01_exit_fn ds01_real__exit(void);

/* notice_state.c: what happened in this process, and the decision at exit. */
void ds01_note_failure(CUresult result, enum ds01_via via);
void ds01_note_exit_status(int status);
void ds01_decide_at_exit(void);

/* What the exit-time code needs, captured while still in normal context. */
struct ds01_capture {
  char runtime_dir[512];
  char home[512];
  char text_file[512];
  int no_color;
};

/* notice_box.c (async-signal-safe). */
void ds01_remember_stderr(void);
void ds01_print_notice(const struct ds01_capture *cap);

/* event_line.c (async-signal-safe). */
void ds01_append_event(const struct ds01_capture *cap, CUresult result, enum ds01_via via, int has_status, int status);

#endif
