/* Mimics PyTorch: the CUDA runtime resolves the driver through cuGetProcAddress, a first
 * torch.cuda.is_available() probe fails quietly, then the model's .cuda() raises and Python
 * exits with 1. With "probe" it only probes and carries on to a clean exit on the CPU.
 * Usage: torch_like [probe] */
#include "testprog.h"

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int probe_only = argc > 1 && strcmp(argv[1], "probe") == 0;
  void *h = open_driver();
  int available = h != NULL && cuinit_like_cudart(h) == 0;
  printf("torch.cuda.is_available() = %s\n", available ? "True" : "False");
  if (available || probe_only) {
    printf("training on %s\n", available ? "cuda" : "cpu");
    return 0;
  }
  if (h != NULL) cuinit_like_cudart(h);
  fprintf(stderr, "Traceback (most recent call last):\n  File \"train.py\", line 12, in <module>\n"
                  "RuntimeError: No CUDA GPUs are available\n");
  return 1;
}
