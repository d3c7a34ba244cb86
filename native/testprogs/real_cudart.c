/* The real CUDA runtime (libcudart_static, as linked into libtorch and nvcc-built binaries) asking for
 * devices the way a framework does at start-up: it dlopens libcuda.so.1, takes cuGetProcAddress through
 * dlsym and every entry point, cuInit included, through it. With "probe" it carries on like a program
 * that checks torch.cuda.is_available() and falls back to the CPU; otherwise it fails like PyTorch. */
#include <stdio.h>
#include <string.h>
#include <cuda_runtime_api.h>

int main(int argc, char **argv) {
  int count = -1;
  cudaError_t err = cudaGetDeviceCount(&count);
  printf("cudaGetDeviceCount=%d\n", (int)err);
  if (argc > 1 && strcmp(argv[1], "probe") == 0) {
    printf("training on cpu\n");
    return 0;
  }
  if (err != cudaSuccess) {
    fprintf(stderr, "RuntimeError: No CUDA GPUs are available (%s)\n", cudaGetErrorString(err));
    return 1;
  }
  return 0;
}
