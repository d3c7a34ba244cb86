// What a failure means for a DS01 user, in one sentence, and the next step. Shared by `ds01 explain`
// and the extension's notifications so both say the same thing.
import type { CudaFailure, CudaFailureKind } from './types';

export interface FailureAdvice {
  explanation: string;
  next: string;
}

const ADVICE: Record<CudaFailureKind, FailureAdvice> = {
  'blocked-host': {
    explanation: 'GPU compute is blocked on this host; GPU code runs only inside containers.',
    next: 'Run GPU code inside a container: ds01 container deploy <name> (see your GPU quota with: ds01 check-limits).',
  },
  'out-of-memory': {
    explanation: 'The GPU ran out of memory for this allocation.',
    next: 'Check who holds the GPU memory with: ds01 gpus; then lower the batch size or free memory held by other processes of yours.',
  },
  'driver-mismatch': {
    explanation: "The CUDA runtime your program ships needs a newer NVIDIA driver than this host's.",
    next: "Install a build matching the host's CUDA version (ds01 gpus shows it), e.g. a torch wheel for an older CUDA, or use a container image built for it.",
  },
  'not-compiled-with-cuda': {
    explanation: 'This installation of the framework has no CUDA support, so it cannot use any GPU.',
    next: 'Install the CUDA build of the framework (e.g. a +cu12x torch wheel or jax[cuda12]) inside your container.',
  },
  'illegal-access': {
    explanation: 'A GPU kernel read or wrote memory it does not own (a bug in the program or an extension it loads).',
    next: 'Re-run with CUDA_LAUNCH_BLOCKING=1 to find the failing operation; check tensor indices and shapes.',
  },
  'other-cuda': {
    explanation: 'A CUDA call failed.',
    next: 'Read the message above; if it persists inside a container, check the GPU state with: ds01 gpus.',
  },
  'cpu-fallback': {
    explanation: 'The program found no usable GPU and carried on on the CPU: it still runs, only slower. On this host GPUs are used from inside containers.',
    next: 'Nothing to fix if the CPU is what you meant. For a GPU run, run it in a container: ds01 container deploy <name> (your GPU quota: ds01 check-limits).',
  },
};

export function explainFailure(failure: Pick<CudaFailure, 'kind'>): FailureAdvice {
  return ADVICE[failure.kind];
}
