// A CUDA failure in a container's log. The recognizer's "blocked host" reading (no device visible to CUDA)
// means something else inside a container: the container was made without a GPU, or lost it. Nothing here
// asks the user to deploy a container: they are in one.
import { explainFailure, type CudaFailure, type FailureAdvice } from '../cuda-failure';

export function adviceInContainer(failure: Pick<CudaFailure, 'kind'>, container: { displayName: string; gpuCount: number }): FailureAdvice {
  const name = container.displayName;
  switch (failure.kind) {
    case 'blocked-host':
      return container.gpuCount === 0
        ? {
            explanation: `${name} has no GPU: it was deployed without one, so CUDA sees no device.`,
            next: `Retire it and deploy again with a GPU: ds01 container deploy ${name} --gpus 1 (your quota: ds01 check-limits).`,
          }
        : {
            explanation: `${name} holds a GPU but CUDA saw none: the image may lack the NVIDIA runtime, or CUDA_VISIBLE_DEVICES hides it.`,
            next: `Check inside it: nvidia-smi; unset CUDA_VISIBLE_DEVICES; use a CUDA image (ds01 gpus shows the host's CUDA version).`,
          };
    case 'cpu-fallback':
      return container.gpuCount === 0
        ? {
            explanation: `${name} has no GPU, so the program ran on the CPU.`,
            next: `For a GPU run, deploy a container with one: ds01 container deploy NAME --gpus 1.`,
          }
        : explainFailure(failure);
    case 'out-of-memory':
      return {
        explanation: `The GPU memory of ${name} ran out for this allocation.`,
        next: `See its GPU memory with: ds01 container stats ${name}; lower the batch size, free tensors you no longer need (torch.cuda.empty_cache()), or use mixed precision.`,
      };
    default:
      return explainFailure(failure);
  }
}
