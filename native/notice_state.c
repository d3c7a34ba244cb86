/* What happened in this process: the first blocked cuInit failure and the exit status, kept in
 * atomics tagged with the pid, so that threads race safely and a forked child neither repeats its
 * parent's notice nor is kept from noticing its own failure. */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notice.h"

/* pid << 32 | result << 2 | via; written once per process by the first failing thread. */
static _Atomic uint64_t failure;
/* pid whose capture below is complete. */
static atomic_int capture_ready;
/* pid << 32 | 0x100 | status */
static _Atomic uint64_t exit_note;
static atomic_int decided;
static struct ds01_capture capture;

static int blocked_environment(void) {
  const char *devices = getenv("CUDA_VISIBLE_DEVICES");
  return devices != NULL && devices[0] == '\0';
}

static void copy_env(char *dst, size_t size, const char *name) {
  const char *value = getenv(name);
  dst[0] = '\0';
  if (value != NULL && strlen(value) < size) strcpy(dst, value);
}

void ds01_note_failure(CUresult result, enum ds01_via via) {
  if (!blocked_environment()) return;
  uint64_t me = (uint64_t)(uint32_t)getpid();
  uint64_t seen = atomic_load(&failure);
  if ((seen >> 32) == me) return;
  uint64_t mine = me << 32 | ((uint64_t)(uint32_t)result & 0x3fffffff) << 2 | (uint64_t)via;
  if (!atomic_compare_exchange_strong(&failure, &seen, mine)) return;
  copy_env(capture.runtime_dir, sizeof capture.runtime_dir, "XDG_RUNTIME_DIR");
  copy_env(capture.home, sizeof capture.home, "HOME");
  copy_env(capture.text_file, sizeof capture.text_file, "DS01_NOTICE_TEXT_FILE");
  const char *no_color = getenv("NO_COLOR");
  capture.no_color = no_color != NULL && no_color[0] != '\0';
  atomic_store(&capture_ready, (int)me);
}

void ds01_note_exit_status(int status) {
  uint64_t me = (uint64_t)(uint32_t)getpid();
  atomic_store(&exit_note, me << 32 | 0x100 | (uint64_t)(status & 0xff));
}

/* Async-signal-safe: only atomics, getpid and what the two writers do. */
void ds01_decide_at_exit(void) {
  int me = (int)getpid();
  uint64_t seen = atomic_load(&failure);
  if ((int)(seen >> 32) != me || atomic_load(&capture_ready) != me) return;
  if (atomic_exchange(&decided, me) == me) return;
  uint64_t note = atomic_load(&exit_note);
  int has_status = (int)(note >> 32) == me && (note & 0x100);
  int status = has_status ? (int)(note & 0xff) : 0;
  if (!has_status || status != 0) ds01_print_notice(&capture);
  ds01_append_event(&capture, (CUresult)((seen >> 2) & 0x3fffffff), (enum ds01_via)(seen & 3), has_status, status);
}
