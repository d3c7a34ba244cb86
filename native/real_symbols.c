/* Finding the real functions behind the names this library exports.
 *
 * We export dlsym and dlvsym, so any call to either from inside this library would land on our own
 * copy. To start, we read libc's dynamic symbol table ourselves (GNU hash lookup) to get libc's
 * dlvsym, then ask it for the next dlsym/dlvsym after us: dlvsym(RTLD_NEXT, "dlsym", "GLIBC_2.34"),
 * falling back to "GLIBC_2.2.5" (glibc before 2.34 only has that version). Going through RTLD_NEXT
 * keeps any other interposer that comes after us in the chain. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "notice.h"

typedef void *(*dlsym_fn)(void *, const char *);
typedef void *(*dlvsym_fn)(void *, const char *, const char *);

static _Atomic(dlvsym_fn) libc_dlvsym;
static _Atomic(dlsym_fn) next_dlsym;
static _Atomic(dlvsym_fn) next_dlvsym;
static _Atomic(ds01_exit_fn) next_exit;
static _Atomic(ds01_exit_fn) next__exit;

static uint32_t gnu_hash(const char *s) {
  uint32_t h = 5381;
  for (; *s; s++) h = h * 33 + (unsigned char)*s;
  return h;
}

struct lookup {
  const char *name;
  void *found;
};

/* d_ptr values are already relocated by ld.so on most targets; add the base when they are not. */
static uintptr_t dyn_ptr(ElfW(Addr) base, ElfW(Addr) value) {
  return value < base ? base + value : value;
}

static int lookup_in_libc(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  struct lookup *want = data;
  const char *slash = info->dlpi_name ? strrchr(info->dlpi_name, '/') : NULL;
  const char *file = slash ? slash + 1 : info->dlpi_name;
  if (file == NULL || strcmp(file, "libc.so.6") != 0) return 0;
  const ElfW(Dyn) *dyn = NULL;
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_DYNAMIC) dyn = (const void *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
  if (dyn == NULL) return 1;
  const ElfW(Sym) *symtab = NULL;
  const char *strtab = NULL;
  const uint32_t *hashtab = NULL;
  for (; dyn->d_tag != DT_NULL; dyn++) {
    if (dyn->d_tag == DT_SYMTAB) symtab = (const void *)dyn_ptr(info->dlpi_addr, dyn->d_un.d_ptr);
    if (dyn->d_tag == DT_STRTAB) strtab = (const void *)dyn_ptr(info->dlpi_addr, dyn->d_un.d_ptr);
    if (dyn->d_tag == DT_GNU_HASH) hashtab = (const void *)dyn_ptr(info->dlpi_addr, dyn->d_un.d_ptr);
  }
  if (symtab == NULL || strtab == NULL || hashtab == NULL) return 1;
  uint32_t nbuckets = hashtab[0], symoffset = hashtab[1], bloom_size = hashtab[2];
  const uint32_t *buckets = (const uint32_t *)((const ElfW(Addr) *)&hashtab[4] + bloom_size);
  const uint32_t *chain = buckets + nbuckets;
  uint32_t h = gnu_hash(want->name);
  uint32_t idx = nbuckets ? buckets[h % nbuckets] : 0;
  if (idx < symoffset) return 1;
  for (;; idx++) {
    uint32_t ch = chain[idx - symoffset];
    const ElfW(Sym) *sym = &symtab[idx];
    if ((ch | 1) == (h | 1) && sym->st_shndx != SHN_UNDEF && (sym->st_info & 0xf) == STT_FUNC &&
        strcmp(strtab + sym->st_name, want->name) == 0) {
      want->found = (void *)(info->dlpi_addr + sym->st_value);
      return 1;
    }
    if (ch & 1) return 1;
  }
}

static dlvsym_fn get_libc_dlvsym(void) {
  dlvsym_fn fn = atomic_load_explicit(&libc_dlvsym, memory_order_acquire);
  if (fn == NULL) {
    struct lookup want = {"dlvsym", NULL};
    dl_iterate_phdr(lookup_in_libc, &want);
    fn = (dlvsym_fn)want.found;
    atomic_store_explicit(&libc_dlvsym, fn, memory_order_release);
  }
  return fn;
}

/* RTLD_NEXT is relative to the caller, and the caller of libc's dlvsym here is this library. */
static void *next_versioned(const char *name) {
  dlvsym_fn v = get_libc_dlvsym();
  if (v == NULL) return NULL;
  void *p = v(RTLD_NEXT, name, "GLIBC_2.34");
  return p ? p : v(RTLD_NEXT, name, "GLIBC_2.2.5");
}

static dlsym_fn get_next_dlsym(void) {
  dlsym_fn fn = atomic_load_explicit(&next_dlsym, memory_order_acquire);
  if (fn == NULL) {
    fn = (dlsym_fn)next_versioned("dlsym");
    atomic_store_explicit(&next_dlsym, fn, memory_order_release);
  }
  return fn;
}

ds01_dlsym_fn ds01_next_dlsym(void) {
  return get_next_dlsym();
}

ds01_dlvsym_fn ds01_next_dlvsym(void) {
  dlvsym_fn fn = atomic_load_explicit(&next_dlvsym, memory_order_acquire);
  if (fn == NULL) {
    fn = (dlvsym_fn)next_versioned("dlvsym");
    atomic_store_explicit(&next_dlvsym, fn, memory_order_release);
  }
  return fn;
}

/* The next definition after this library in the global scope (libc, libcuda, or another preload). */
void *ds01_next(const char *name) {
  dlsym_fn fn = get_next_dlsym();
  return fn ? fn(RTLD_NEXT, name) : NULL;
}

/* The driver's own definition of name. RTLD_NEXT sees only the global scope; a program that opened
 * libcuda RTLD_LOCAL (as frameworks do) keeps it out of there, so then look in the libcuda that is
 * loaded: the object defining driver_fn (a function the driver handed out), else libcuda.so.1 by
 * name. RTLD_NOLOAD never loads anything; the real dlsym is used, so the answer is never a wrapper
 * of ours from this path (callers still check, for an object that resolved the name to us). */
void *ds01_driver_symbol(const char *name, const void *driver_fn) {
  void *p = ds01_next(name);
  if (p != NULL) return p;
  dlsym_fn real = get_next_dlsym();
  if (real == NULL) return NULL;
  void *h = NULL;
  Dl_info info;
  if (driver_fn != NULL && dladdr(driver_fn, &info) && info.dli_fname != NULL && info.dli_fname[0] != '\0')
    h = dlopen(info.dli_fname, RTLD_NOLOAD | RTLD_LAZY);
  if (h == NULL) h = dlopen("libcuda.so.1", RTLD_NOLOAD | RTLD_LAZY);
  if (h == NULL) return NULL;
  p = real(h, name);
  dlclose(h);
  return p;
}

/* exit and _exit are resolved before main so that the at-exit paths never call into ld.so
 * (a forked child of a threaded program could otherwise block on ld.so's lock). */
void ds01_resolve_startup_symbols(void) {
  atomic_store(&next_exit, (ds01_exit_fn)ds01_next("exit"));
  atomic_store(&next__exit, (ds01_exit_fn)ds01_next("_exit"));
}

__attribute__((noreturn)) static void exit_group_now(int status) {
  for (;;) syscall(SYS_exit_group, status);
}

ds01_exit_fn ds01_real_exit(void) {
  ds01_exit_fn fn = atomic_load(&next_exit);
  if (fn == NULL) fn = (ds01_exit_fn)ds01_next("exit"); /* exit is not async-signal-safe itself */
  return fn ? fn : exit_group_now;
}

ds01_exit_fn ds01_real__exit(void) {
  ds01_exit_fn fn = atomic_load(&next__exit);
  return fn ? fn : exit_group_now;
}
