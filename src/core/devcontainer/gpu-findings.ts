// The GPU part of the check. On DS01, docker-wrapper.sh turns a Dev Containers `--gpus` into an allocated GPU:
// a count N asks for N (refused above the per-container cap), anything else but device UUIDs for one; named
// UUIDs (`device=GPU-...`) skip the allocator, and so do GPUs reached through --runtime or --device.
import { plural } from '../format';
import { spanOf, valueAt, type DevcontainerDocument } from './document';
import type { Change } from './edits';
import { finding, type CheckContext, type Finding, type QuickFix } from './finding';
import { appendRunArgs, removeFlag, runArgsSpan, setFlagValue, type RunFlag } from './run-args';

type At = (changes: Change[], title: string) => QuickFix;

export function gpuFindings(doc: DevcontainerDocument, flags: RunFlag[], context: CheckContext, at: At): Finding[] {
  const cap = 'max' in context.gpuCap ? context.gpuCap.max : undefined;
  const gpus = flags.filter((f) => f.name === '--gpus');
  const runtime = flags.filter((f) => f.name === '--runtime' && f.value === 'nvidia');
  const devices = flags.filter((f) => f.name === '--device' && /nvidia/.test(f.value ?? ''));
  const host = valueAt(doc, 'hostRequirements', 'gpu');
  // Dev Containers itself adds `--gpus all` for hostRequirements.gpu true or "optional".
  const hostRequest = host !== null && host.value !== false;
  if (gpus.length === 0 && runtime.length === 0 && devices.length === 0 && !hostRequest) {
    if (cap === 0) return [];
    return [
      finding(
        'no-gpu-request',
        'info',
        'No GPU requested (no "--gpus" in runArgs): the container gets no GPU.',
        'Add "--gpus", "1" to runArgs if this project needs a GPU.',
        runArgsSpan(doc),
        at(appendRunArgs(doc, ['--gpus', '1']), 'Request 1 GPU (--gpus 1)'),
      ),
    ];
  }
  const found: Finding[] = [];
  for (const flag of gpus.filter((f) => !f.spaced && f.value !== null)) {
    const value = flag.value!.trim().replace(/^"(.*)"$/, '$1');
    const span = flag.valueNode && flag.count === 2 ? spanOf(flag.valueNode) : flag.span;
    if (/^device=.*\b(GPU|MIG)-/.test(value)) {
      const named = value.slice('device='.length).split(',').length;
      const wanted = typeof cap === 'number' ? Math.max(1, Math.min(named, cap)) : named;
      const count = String(wanted);
      found.push(
        finding(
          'gpus-unallocated',
          'warning',
          `"--gpus ${value}" names GPUs itself: DS01 does not allocate them, so they may be in use by another user.`,
          `Ask for a count ("--gpus", "${count}") and let DS01 pick free GPUs.`,
          span,
          at(setFlagValue(flag, count), `Ask DS01 for ${plural(wanted, 'GPU')} (--gpus ${count})`),
        ),
      );
    } else if (/^\d+$/.test(value)) {
      const n = Number(value);
      if (typeof cap === 'number' && n > cap) {
        found.push(
          finding(
            'gpus-over-cap',
            'error',
            `"--gpus ${n}" asks for more GPUs than your per-container cap (${cap}): DS01 refuses to start the container.`,
            cap > 0 ? `Ask for at most ${cap} ("--gpus", "${cap}").` : 'Your limits allow no GPU per container: remove "--gpus".',
            span,
            cap > 0 ? at(setFlagValue(flag, String(cap)), `Ask for ${plural(cap, 'GPU')} (your cap)`) : null,
          ),
        );
      }
    } else if (value === 'all') {
      found.push(
        finding(
          'gpus-all',
          'info',
          '"--gpus all" is one GPU through DS01\'s docker wrapper, but every GPU of the host where the wrapper is not in the way.',
          'Write the count: "--gpus", "1".',
          span,
          at(setFlagValue(flag, '1'), 'Ask for 1 GPU (--gpus 1)'),
        ),
      );
    }
  }
  if (gpus.length === 0) {
    for (const flag of runtime) {
      found.push(
        finding(
          'gpus-unallocated',
          'warning',
          '"--runtime nvidia" without "--gpus": the image\'s NVIDIA_VISIBLE_DEVICES decides (often every GPU) and DS01 allocates none.',
          'Use "--gpus", "1" instead.',
          flag.span,
          at([...appendRunArgs(doc, ['--gpus', '1']), ...removeFlag(flag)], 'Use --gpus 1 instead'),
        ),
      );
    }
  }
  for (const flag of devices) {
    found.push(
      finding(
        'gpus-unallocated',
        'warning',
        `"--device ${flag.value}" hands an NVIDIA device in around DS01's allocation: it may be another user's GPU.`,
        'Remove it and ask for GPUs with "--gpus", "1".',
        flag.span,
        null,
      ),
    );
  }
  return found;
}
