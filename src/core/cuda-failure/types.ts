// The record the recognizer hands out, shared by the CLI (`ds01 explain`) and the extension.

export type CudaFailureKind =
  | 'blocked-host'
  | 'out-of-memory'
  | 'driver-mismatch'
  | 'not-compiled-with-cuda'
  | 'illegal-access'
  | 'other-cuda'
  /** The program found no usable GPU, said so, and carried on on the CPU: not a failure of the run. */
  | 'cpu-fallback';

export type CudaFramework =
  | 'pytorch'
  | 'tensorflow'
  | 'jax'
  | 'cupy'
  | 'numba'
  | 'cuda-python'
  | 'cuda-c'
  | 'nccl'
  | 'lightning'
  | 'accelerate'
  | 'transformers'
  | 'bitsandbytes'
  | 'ultralytics'
  | 'vllm'
  | 'llama.cpp'
  | 'ollama'
  | 'xgboost'
  | 'spacy'
  | 'ds01-notice'
  | 'unknown';

/** One Python traceback frame, outermost first as Python prints them. */
export interface TracebackFrame {
  file: string;
  line: number;
  function?: string;
}

export interface CudaFailure {
  kind: CudaFailureKind;
  framework: CudaFramework;
  /** The error line (escapes stripped, trimmed); a continuation line is prefixed with its exception header. */
  message: string;
  /** Frames of the Python traceback that raised it, in printed order; [] when there was none. */
  frames: TracebackFrame[];
  /** kind === 'blocked-host': GPU compute is blocked on this host (no device visible to CUDA). */
  blocked: boolean;
  /** 1-based number of the line of `message` in the stream. */
  lineNumber: number;
}

export interface RecognizerOptions {
  /** Longest line kept; a longer line keeps its last characters. Bounds memory on output without newlines. */
  maxLineLength?: number;
  /** Frames kept per traceback (the deepest ones). */
  maxFrames?: number;
  /** A burst closes after this many lines outside a traceback without a CUDA failure line. */
  burstGapLines?: number;
}

export const DEFAULT_OPTIONS: Required<RecognizerOptions> = {
  maxLineLength: 64 * 1024,
  maxFrames: 64,
  burstGapLines: 20,
};
