/* Robustness cases. Usage: stress MODE
 *   threads        32 threads reach cuInit at once (both ways), exit 1
 *   fork           fail, then fork two children that end with _exit(3) and exit(5), exit 1
 *   child-fails    a forked child fails cuInit itself and exits 4; the parent exits 0
 *   close-stderr   close fd 2, fail, exit 1
 *   reuse-stderr   close fd 2, open FILE (argv[2]) as fd 2, fail, exit 1
 *   rtld-next      calls puts (interposed by a second preload that uses dlsym(RTLD_NEXT)) */
#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>

#include "testprog.h"

static void *driver;

static void *reach(void *arg) {
  if ((intptr_t)arg % 2) cuinit_like_cudart(driver);
  else ((cuinit_fn)dlsym(driver, "cuInit"))(0);
  return NULL;
}

static void fail_once(void) {
  driver = open_driver();
  if (driver != NULL) printf("cuInit=%d\n", ((cuinit_fn)dlsym(driver, "cuInit"))(0));
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *mode = argc > 1 ? argv[1] : "threads";
  if (strcmp(mode, "threads") == 0) {
    driver = open_driver();
    pthread_t t[32];
    for (intptr_t i = 0; i < 32; i++) pthread_create(&t[i], NULL, reach, (void *)i);
    for (int i = 0; i < 32; i++) pthread_join(t[i], NULL);
    return 1;
  }
  if (strcmp(mode, "fork") == 0) {
    fail_once();
    if (fork() == 0) _exit(3);
    if (fork() == 0) exit(5);
    while (wait(NULL) > 0) {}
    return 1;
  }
  if (strcmp(mode, "child-fails") == 0) {
    pid_t child = fork();
    if (child == 0) {
      fail_once();
      return 4;
    }
    waitpid(child, NULL, 0);
    return 0;
  }
  if (strcmp(mode, "close-stderr") == 0 || strcmp(mode, "reuse-stderr") == 0) {
    close(2);
    if (argc > 2 && open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0600) != 2) return 9;
    fail_once();
    return 1;
  }
  if (strcmp(mode, "rtld-next") == 0) {
    puts("rtld-next ok");
    return 0;
  }
  return 64;
}
