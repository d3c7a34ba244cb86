/* The event line (schema v1 of src/core/cuda-failure/event.ts) appended to
 * $XDG_RUNTIME_DIR/ds01/cuda-events.jsonl, else $HOME/.cache/ds01/cuda-events.jsonl.
 * Runs at exit, so it is async-signal-safe: static buffers and plain system calls. The line goes
 * out in one write(2) on an O_APPEND descriptor, so lines of concurrent processes never interleave.
 * Only whole lines: a line that would pass RLIMIT_FSIZE is skipped (SIGXFSZ would kill the program), and
 * a short write (full disk) is cut off again, so the next event is never glued to half a line.
 * Every failure is silent: a notice must never break the program. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "notice.h"

enum { MAX_CMDLINE = 16384, MAX_PATH = 4096 };

struct line {
  char *p;
  size_t len, cap;
  int full;
};

static char cmdline[MAX_CMDLINE];
static char exe[MAX_PATH];
static char cwd[MAX_PATH];
static char buffer[6 * (MAX_CMDLINE + 2 * MAX_PATH) + 512];

static void add(struct line *l, const char *s, size_t n) {
  if (l->len + n > l->cap) {
    l->full = 1;
    return;
  }
  for (size_t i = 0; i < n; i++) l->p[l->len++] = s[i];
}

static void add_z(struct line *l, const char *s) {
  size_t n = 0;
  while (s[n] != '\0') n++;
  add(l, s, n);
}

static void add_int(struct line *l, long long v) {
  char digits[24];
  size_t n = 0;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
  do digits[sizeof digits - ++n] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) digits[sizeof digits - ++n] = '-';
  add(l, digits + sizeof digits - n, n);
}

/* Length of the valid UTF-8 sequence at s (rejecting overlongs, surrogates, > U+10FFFF), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t n) {
  if (s[0] < 0x80) return 1;
  size_t need = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
  if (need == 0 || need > n) return 0;
  for (size_t i = 1; i < need; i++)
    if ((s[i] & 0xc0) != 0x80) return 0;
  if (s[0] == 0xe0 && s[1] < 0xa0) return 0;
  if (s[0] == 0xed && s[1] >= 0xa0) return 0;
  if (s[0] == 0xf0 && s[1] < 0x90) return 0;
  if (s[0] == 0xf4 && s[1] >= 0x90) return 0;
  return need;
}

/* A JSON string; invalid UTF-8 bytes become U+FFFD so the line always parses. */
static void add_string(struct line *l, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  add(l, "\"", 1);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    size_t seq = utf8_valid((const unsigned char *)s + i, n - i);
    if (seq == 0) {
      add_z(l, "\\ufffd");
      i++;
    } else if (c == '"' || c == '\\') {
      char esc[2] = {'\\', (char)c};
      add(l, esc, 2);
      i++;
    } else if (c < 0x20) {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      add(l, esc, 6);
      i++;
    } else {
      add(l, s + i, seq);
      i += seq;
    }
  }
  add(l, "\"", 1);
}

static size_t read_file(const char *path, char *dst, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  size_t len = 0;
  ssize_t n;
  while (len < size && (n = read(fd, dst + len, size - len)) > 0) len += (size_t)n;
  close(fd);
  return len;
}

static size_t read_link(const char *path, char *dst, size_t size) {
  ssize_t n = readlink(path, dst, size);
  return n > 0 ? (size_t)n : 0;
}

static void add_argv(struct line *l) {
  size_t len = read_file("/proc/self/cmdline", cmdline, sizeof cmdline);
  add(l, "[", 1);
  for (size_t start = 0, i = 0; i < len; i++) {
    if (cmdline[i] != '\0' && i + 1 < len) continue;
    size_t end = cmdline[i] == '\0' ? i : i + 1;
    if (start > 0) add(l, ",", 1);
    add_string(l, cmdline + start, end - start);
    start = i + 1;
  }
  add(l, "]", 1);
}

static size_t build(CUresult result, enum ds01_via via, int has_status, int status) {
  static const char *const vias[] = {"direct", "dlsym", "getprocaddress"};
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct line l = {buffer, 0, sizeof buffer - 1, 0};
  add_z(&l, "{\"v\":1,\"ts\":");
  add_int(&l, (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
  add_z(&l, ",\"pid\":");
  add_int(&l, getpid());
  add_z(&l, ",\"ppid\":");
  add_int(&l, getppid());
  add_z(&l, ",\"uid\":");
  add_int(&l, getuid());
  add_z(&l, ",\"exe\":");
  add_string(&l, exe, read_link("/proc/self/exe", exe, sizeof exe));
  add_z(&l, ",\"argv\":");
  add_argv(&l);
  add_z(&l, ",\"cwd\":");
  add_string(&l, cwd, read_link("/proc/self/cwd", cwd, sizeof cwd));
  add_z(&l, ",\"cuda_result\":");
  add_int(&l, result);
  add_z(&l, ",\"via\":\"");
  add_z(&l, vias[via]);
  add_z(&l, "\",\"exit_status\":");
  if (has_status) add_int(&l, status);
  else add_z(&l, "null");
  add_z(&l, "}");
  if (l.full) return 0;
  buffer[l.len++] = '\n';
  return l.len;
}

/* The directory must be ours and not a symlink: created 0700, opened with O_NOFOLLOW, checked. */
static int open_events_dir(const struct ds01_capture *cap) {
  int base;
  if (cap->runtime_dir[0] == '/') {
    base = open(cap->runtime_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } else if (cap->home[0] == '/') {
    int home = open(cap->home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (home < 0) return -1;
    mkdirat(home, ".cache", 0700);
    base = openat(home, ".cache", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    close(home);
  } else {
    return -1;
  }
  if (base < 0) return -1;
  mkdirat(base, "ds01", 0700);
  int dir = openat(base, "ds01", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  close(base);
  struct stat st;
  if (dir >= 0 && (fstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())) {
    close(dir);
    return -1;
  }
  if (dir >= 0 && (st.st_mode & 077) != 0) fchmod(dir, 0700);
  return dir;
}

static int fits(const struct stat *st, size_t len) {
  struct rlimit lim;
  return getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY || (rlim_t)st->st_size + len <= lim.rlim_cur;
}

/* After a short write our bytes end where the O_APPEND offset now stands; cut them off unless someone
 * appended after them meanwhile (their line must stay, and ours then ends where theirs begins). */
static void roll_back(int fd, ssize_t written) {
  off_t end = lseek(fd, 0, SEEK_CUR);
  struct stat now;
  if (end < written || fstat(fd, &now) != 0 || now.st_size != end) return;
  int ignored = ftruncate(fd, end - written);
  (void)ignored;
}

void ds01_append_event(const struct ds01_capture *cap, CUresult result, enum ds01_via via, int has_status, int status) {
  size_t len = build(result, via, has_status, status);
  if (len == 0) return;
  int dir = open_events_dir(cap);
  if (dir < 0) return;
  int fd = openat(dir, "cuda-events.jsonl", O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
  close(dir);
  if (fd < 0) return;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && fits(&st, len)) {
    ssize_t written = write(fd, buffer, len);
    if (written > 0 && (size_t)written < len) roll_back(fd, written);
  }
  close(fd);
}
