/* The notice on stderr: a yellow box on a terminal (no colour with NO_COLOR), plain lines
 * otherwise. Runs at exit, so it is async-signal-safe: static buffers, open/read/write only. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notice.h"

static const char builtin_text[] =
    "GPU ACCESS BLOCKED\n"
    "Host GPU compute is disabled on this server.\n"
    "GPU workloads must run inside containers.\n"
    "\n"
    "Launch a GPU container:  container deploy <project-name>\n"
    "Check available GPUs:    dashboard gpu\n"
    "See your limits:         check-limits\n";

enum { MAX_TEXT = 4096, MAX_LINES = 40, MAX_WIDTH = 100 };

static struct stat stderr_at_start;
static int stderr_known;
static char text[MAX_TEXT];
static char out[16384];

/* Taken at load time: at exit we only write to fd 2 if it is still the same file, so a program
 * that closed stderr and reused fd 2 for its own file never gets our text in it. */
void ds01_remember_stderr(void) {
  stderr_known = fstat(2, &stderr_at_start) == 0;
}

static int stderr_unchanged(void) {
  struct stat now;
  return stderr_known && fstat(2, &now) == 0 && now.st_dev == stderr_at_start.st_dev &&
         now.st_ino == stderr_at_start.st_ino;
}

/* The host's own text if DS01_NOTICE_TEXT_FILE names a readable file; control characters dropped
 * so the text cannot move the cursor or recolour the terminal. */
static size_t load_text(const char *path) {
  size_t len = 0;
  if (path[0] != '\0') {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd >= 0) {
      ssize_t n;
      char chunk[512];
      while (len < MAX_TEXT - 1 && (n = read(fd, chunk, sizeof chunk)) > 0)
        for (ssize_t i = 0; i < n && len < MAX_TEXT - 1; i++)
          if ((unsigned char)chunk[i] >= 0x20 || chunk[i] == '\n') text[len++] = chunk[i];
          else if (chunk[i] == '\t') text[len++] = ' ';
      close(fd);
    }
  }
  while (len > 0 && text[len - 1] == '\n') len--;
  if (len == 0) {
    for (; builtin_text[len] != '\0'; len++) text[len] = builtin_text[len];
    len--; /* the final newline */
  }
  return len;
}

static size_t put(size_t at, const char *s, size_t n) {
  for (size_t i = 0; i < n && at < sizeof out; i++) out[at++] = s[i];
  return at;
}

static size_t puts_z(size_t at, const char *s) {
  size_t n = 0;
  while (s[n] != '\0') n++;
  return put(at, s, n);
}

static size_t columns(const char *s, size_t n) {
  size_t cols = 0;
  for (size_t i = 0; i < n; i++) cols += ((unsigned char)s[i] & 0xc0) != 0x80;
  return cols;
}

static size_t rule(size_t at, const char *left, const char *right, size_t width) {
  at = puts_z(at, left);
  for (size_t i = 0; i < width + 2; i++) at = puts_z(at, "\xe2\x94\x80");
  return puts_z(at, right);
}

void ds01_print_notice(const struct ds01_capture *cap) {
  if (!stderr_unchanged()) return;
  size_t len = load_text(cap->text_file);
  const char *starts[MAX_LINES];
  size_t lens[MAX_LINES];
  size_t count = 0, width = 0;
  for (size_t i = 0, start = 0; i <= len && count < MAX_LINES; i++) {
    if (i == len || text[i] == '\n') {
      starts[count] = text + start;
      lens[count] = i - start;
      size_t cols = columns(starts[count], lens[count]);
      if (cols > width) width = cols;
      count++;
      start = i + 1;
    }
  }
  if (width > MAX_WIDTH) width = MAX_WIDTH;
  size_t at = 0;
  if (!isatty(2)) {
    for (size_t l = 0; l < count; l++) at = puts_z(put(at, starts[l], lens[l]), "\n");
  } else {
    const char *on = cap->no_color ? "" : "\033[1;33m";
    const char *off = cap->no_color ? "" : "\033[0m";
    at = puts_z(rule(puts_z(puts_z(at, "\n"), on), "\xe2\x94\x8c", "\xe2\x94\x90", width), off);
    at = puts_z(at, "\n");
    for (size_t l = 0; l < count; l++) {
      at = puts_z(puts_z(puts_z(at, on), "\xe2\x94\x82 "), off);
      at = put(at, starts[l], lens[l]);
      for (size_t c = columns(starts[l], lens[l]); c < width; c++) at = puts_z(at, " ");
      at = puts_z(puts_z(puts_z(puts_z(at, on), " \xe2\x94\x82"), off), "\n");
    }
    at = puts_z(rule(puts_z(at, on), "\xe2\x94\x94", "\xe2\x94\x98", width), off);
    at = puts_z(at, "\n");
  }
  ssize_t ignored = write(2, out, at);
  (void)ignored;
}
