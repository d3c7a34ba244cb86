/* Way 1: linked against libcuda, calls cuInit directly. Usage: cuda_direct [ending] */
#include "testprog.h"

int cuInit(unsigned int flags);

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("cuInit=%d\n", cuInit(0));
  return finish(argc > 1 ? argv[1] : "return:1");
}
