// Which lines are CUDA failures, of what kind, from which framework. Texts come from the frameworks' own
// messages (see test/fixtures/cuda-failures/). Order matters: the first kind rule that matches wins, so a
// line that says both "cuInit failed" and "CUDA_ERROR_NO_DEVICE" is a blocked host, not a generic failure.
import type { CudaFailureKind, CudaFramework } from './types';

interface KindRule {
  kind: CudaFailureKind;
  pattern: RegExp;
}

export const KIND_RULES: readonly KindRule[] = [
  {
    kind: 'blocked-host',
    pattern: new RegExp(
      [
        'No CUDA GPUs are available',
        'Found no NVIDIA driver on your system',
        'CUDA driver initialization failed, you might not have a CUDA gpu',
        'CUDA_ERROR_NO_DEVICE',
        'cudaErrorNoDevice',
        'no CUDA-capable device is detected',
        'cudaGetDeviceCount returned 100\\b',
        'No visible GPU devices',
        'GPU ACCESS BLOCKED',
        'Host GPU compute is disabled on this server',
        // Frameworks that refuse to start without a visible GPU, in their own words.
        'CUDAAccelerator` can not run on your system',
        'No supported gpu backend found',
        'GPUs requested but none are available',
        'ProcessGroupNCCL is only supported with GPUs, no GPUs found',
        'No GPU (?:or Intel XPU )?found\\. A GPU (?:or Intel XPU )?is needed for quantization',
        '\\(`--fp16_full_eval`\\) can only be used on CUDA',
        'Failed to infer device type',
        'ValueError: No GPU devices detected',
      ].join('|'),
    ),
  },
  {
    kind: 'driver-mismatch',
    pattern:
      /CUDA driver version is insufficient for CUDA runtime version|The NVIDIA driver on your system is too old|cudaErrorInsufficientDriver|CUDA_ERROR_SYSTEM_DRIVER_MISMATCH|CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE|does not match DSO version|system has unsupported display driver \/ cuda driver combination|forward compatibility was attempted on non supported HW/,
  },
  {
    kind: 'not-compiled-with-cuda',
    pattern: /Torch not compiled with CUDA enabled|a CUDA-enabled jaxlib is not installed|Cannot use GPU, CuPy is not installed/,
  },
  {
    kind: 'out-of-memory',
    pattern:
      /CUDA out of memory\. Tried to allocate|CUDA error: out of memory|CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|OutOfMemoryError: Out of memory allocating|OOM when allocating tensor|RESOURCE_EXHAUSTED: Out of memory|Cuda failure (?:\d+ )?'out of memory'|cudaMalloc failed: out of memory|failed to allocate CUDA\d* buffer of size|No available memory for the cache blocks\. Try increasing `gpu_memory_utilization`|on startup is less than desired GPU memory utilization|KV cache is needed, which is larger than the available KV cache memory.*`gpu_memory_utilization`|No GPU memory is left/,
  },
  {
    kind: 'illegal-access',
    pattern: /an illegal memory access was encountered|CUDA_ERROR_ILLEGAL_ADDRESS|cudaErrorIllegalAddress/,
  },
  {
    kind: 'other-cuda',
    pattern: new RegExp(
      [
        'failed call to cuInit',
        '\\bCUDA error: \\S',
        '\\bCUDA error at \\S+:\\d+ code=\\d+',
        'CUDA initialization: ',
        'Unexpected error from cudaGetDeviceCount\\(\\)',
        "Unable to initialize backend 'cuda'",
        'CUDA backend failed to initialize',
        'CudaSupportError',
        'CudaAPIError: \\[\\d+\\]',
        'CUDARuntimeError: cuda\\w+',
        '\\bCUDA_ERROR_[A-Z_]+',
        "Could not satisfy explicit device specification '/device:GPU",
        'unhandled cuda error',
        "Invalid CUDA '(?:device=|--device )",
      ].join('|'),
    ),
  },
  {
    // Announcements that the run goes on without a GPU. Last: a line that also names a failure is that failure.
    kind: 'cpu-fallback',
    pattern: new RegExp(
      [
        'No GPU/TPU found, falling back to CPU',
        'No visible GPU is found, setting device to CPU',
        "Device is changed from GPU to CPU as we couldn't find any available GPU",
        'no usable GPU found, --gpu-layers option will be ignored',
        'no compatible GPUs were discovered',
        'Cannot dlopen some GPU libraries',
        'bitsandbytes was compiled without GPU support',
      ].join('|'),
    ),
  },
];

/**
 * Lines that are a failure only as the continuation of a given exception's message: Ultralytics prints
 * `torch.cuda.device_count(): 0` below "Invalid CUDA 'device=0' requested", which alone is a probe's output.
 */
const CONTINUATION_RULES: { exception: RegExp; line: RegExp; kind: CudaFailureKind }[] = [
  { exception: /Invalid CUDA '(?:device=|--device )/, line: /^torch\.cuda\.device_count\(\): 0\s*$/, kind: 'blocked-host' },
];

/**
 * A line without any of these words cannot match a kind rule; every alternative of a kind rule contains one (but the
 * two listed in rules.test.ts). Keep the list short: each entry is looked for on every line of output.
 */
export const KEYWORDS = ['CUDA', 'cuda', 'Cuda', 'GPU', 'gpu', 'NVIDIA', 'Torch not', 'OOM when', 'Out of memory', 'illegal memory', 'cuInit', 'infer device'];

const FRAMEWORK_HINTS: [CudaFramework, RegExp][] = [
  ['ds01-notice', /GPU ACCESS BLOCKED|Host GPU compute is disabled on this server/],
  ['cuda-python', /CUresult\.|cudaError_t\.|\(b'cuda/],
  ['cupy', /cupy/],
  ['numba', /numba|CudaSupportError|CudaAPIError|Error at driver init/],
  // Wrappers before the frameworks they wrap: their lines often name torch or a CUDA call too.
  ['nccl', /NCCL error|NCCL WARN|unhandled cuda error|ProcessGroupNCCL/],
  ['lightning', /CUDAAccelerator|No supported gpu backend|GPUs requested but none/],
  ['ultralytics', /Invalid CUDA '(?:device=|--device )/],
  ['vllm', /Failed to infer device type|cache blocks|desired GPU memory utilization|KV cache memory/],
  ['llama.cpp', /ggml_|--gpu-layers/],
  ['ollama', /no compatible GPUs were discovered/],
  ['xgboost', /xgboost|No visible GPU is found|Device is changed from GPU to CPU|No GPU memory is left/],
  ['bitsandbytes', /bitsandbytes/],
  ['spacy', /Cannot use GPU, CuPy|No GPU devices detected/],
  ['transformers', /--fp16_full_eval/],
  // JAX logs through XLA paths that may say "tensorflow" (org_tensorflow), so JAX is tested first.
  ['jax', /jax|xla_bridge|external\/xla\/|org_tensorflow|No GPU\/TPU found|No visible GPU devices|backend 'cuda'|CUDA backend failed/],
  ['tensorflow', /tensorflow|local_xla|OOM when allocating tensor|\/device:GPU/],
  [
    'pytorch',
    /torch|Torch|No CUDA GPUs are available|Found no NVIDIA driver|CUDA driver initialization failed, you might|NVIDIA driver on your system is too old|Tried to allocate|CUDA initialization: |cudaGetDeviceCount\(\)/,
  ],
  ['cuda-c', /code=\d+\(cuda|cudaGetDeviceCount returned|\.cu:\d+|CUDA error at /],
];

/** Lines that are no failure themselves but tell whose failure the open burst is. */
const FRAMEWORK_ONLY: [CudaFramework, RegExp][] = [
  ['pytorch', /CUDA kernel errors might be asynchronously reported|TORCH_USE_CUDA_DSA|PYTORCH_CUDA_ALLOC_CONF/],
];

export function frameworkHintOnly(line: string): CudaFramework | null {
  for (const [framework, hint] of FRAMEWORK_ONLY) if (hint.test(line)) return framework;
  return null;
}

export interface LineSignal {
  kind: CudaFailureKind;
  framework: CudaFramework;
}

/**
 * Every kind rule at once, keyed by keyword: each alternative is rewritten to start at its keyword ("no CUDA-capable"
 * -> "CUDA(?<=no CUDA)-capable") and filed under it, so a line is tested only where a keyword stands, by an anchored
 * (sticky) regex of that keyword's alternatives: about the cost of finding the keywords at all. The few alternatives
 * without a keyword are tested on lines that have one (as before, a kind needs a keyword on the line).
 */
const KEYWORD_AT = new RegExp(KEYWORDS.join('|'), 'g');
const KEYED = new Map<string, RegExp>();
let UNKEYED: RegExp | null = null;
{
  const byKeyword = new Map<string, string[]>();
  const unkeyed: string[] = [];
  for (const alternative of KIND_RULES.flatMap((r) => topLevelAlternatives(r.pattern.source))) {
    const keyed = startAtKeyword(alternative);
    const keyword = KEYWORDS.find((k) => keyed.startsWith(k));
    if (keyword === undefined) unkeyed.push(keyed);
    else byKeyword.set(keyword, [...(byKeyword.get(keyword) ?? []), keyed]);
  }
  for (const [keyword, alternatives] of byKeyword) KEYED.set(keyword, new RegExp(alternatives.join('|'), 'y'));
  if (unkeyed.length > 0) UNKEYED = new RegExp(unkeyed.join('|'));
}

export function matchesAnyKind(line: string): boolean {
  KEYWORD_AT.lastIndex = 0;
  let found = false;
  for (let m = KEYWORD_AT.exec(line); m !== null; m = KEYWORD_AT.exec(line)) {
    found = true;
    const keyed = KEYED.get(m[0]);
    if (keyed) {
      keyed.lastIndex = m.index;
      if (keyed.test(line)) return true;
    }
    KEYWORD_AT.lastIndex = m.index + 1;
  }
  return found && UNKEYED !== null && UNKEYED.test(line);
}

/** The `a|b|c` parts of a regex source that are not inside a group or a character class. */
export function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** The same alternative, starting at its first top-level keyword, what came before it checked by a lookbehind. */
export function startAtKeyword(alternative: string): string {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) {
      const keyword = KEYWORDS.find((k) => alternative.startsWith(k, i));
      if (keyword === undefined) continue;
      if (i === 0) return alternative;
      const end = i + keyword.length;
      return `${keyword}(?<=${alternative.slice(0, end)})${alternative.slice(end)}`;
    }
  }
  return alternative;
}

export function classifyLine(line: string): LineSignal | null {
  if (!matchesAnyKind(line)) return null;
  for (const rule of KIND_RULES) {
    if (rule.pattern.test(line)) return { kind: rule.kind, framework: frameworkOfText(line) };
  }
  return null;
}

/** A line that is a failure only below the given exception line (see CONTINUATION_RULES). */
export function classifyContinuation(exceptionLine: string, line: string): LineSignal | null {
  for (const rule of CONTINUATION_RULES) {
    if (rule.line.test(line) && rule.exception.test(exceptionLine)) return { kind: rule.kind, framework: frameworkOfText(`${exceptionLine} ${line}`) };
  }
  return null;
}

export function frameworkOfText(text: string): CudaFramework {
  for (const [framework, hint] of FRAMEWORK_HINTS) if (hint.test(text)) return framework;
  return 'unknown';
}

const PACKAGE_FRAMEWORK: Record<string, CudaFramework> = {
  torch: 'pytorch',
  tensorflow: 'tensorflow',
  keras: 'tensorflow',
  jax: 'jax',
  jaxlib: 'jax',
  jax_plugins: 'jax',
  cupy: 'cupy',
  cupy_backends: 'cupy',
  numba: 'numba',
  cuda: 'cuda-python',
  lightning: 'lightning',
  lightning_fabric: 'lightning',
  pytorch_lightning: 'lightning',
  accelerate: 'accelerate',
  transformers: 'transformers',
  bitsandbytes: 'bitsandbytes',
  ultralytics: 'ultralytics',
  vllm: 'vllm',
  llama_cpp: 'llama.cpp',
  xgboost: 'xgboost',
  spacy: 'spacy',
  thinc: 'spacy',
};

const PACKAGE_IN_PATH = /(?:site|dist)-packages[\\/]([A-Za-z_]+)[\\/]/;

/** The framework of the deepest frame inside an installed package we know, else 'unknown'. */
export function frameworkOfFiles(files: string[]): CudaFramework {
  for (let i = files.length - 1; i >= 0; i--) {
    const m = PACKAGE_IN_PATH.exec(files[i]);
    const framework = m ? PACKAGE_FRAMEWORK[m[1]] : undefined;
    if (framework) return framework;
  }
  return 'unknown';
}

/** Lower is more important: a burst reports its most important failure. */
export const KIND_RANK: Record<CudaFailureKind, number> = {
  'blocked-host': 0,
  'driver-mismatch': 1,
  'not-compiled-with-cuda': 2,
  'out-of-memory': 3,
  'illegal-access': 4,
  'other-cuda': 5,
  'cpu-fallback': 6,
};
