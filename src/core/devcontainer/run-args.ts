// `runArgs`: the docker run flags Dev Containers passes as they are. Read into flags with their values and the
// array elements they came from, in both spellings docker accepts (`--gpus 2` as two elements, `--gpus=2` as one).
import type { Node } from 'jsonc-parser';
import { keySpan, rootSpan, valueAt, type DevcontainerDocument, type Span } from './document';
import type { Change } from './edits';

export interface RunFlag {
  /** The long name as written or its long form: `-u` is read as `--user`, `--net` as `--network`. */
  name: string;
  /** The value; null for a flag given without one (`--privileged`). */
  value: string | null;
  /** Index of the flag's first element in runArgs, and how many elements it spans (1 or 2). */
  index: number;
  count: number;
  span: Span;
  /** The element that holds the value (the flag's own for `--gpus=2`), for edits of the value alone. */
  valueNode: Node | null;
  /** Written as one element with a space ("--gpus all"): docker takes that for an unknown flag. */
  spaced: boolean;
}

/** Flags that take a value, by every spelling; the value is the long name's. */
const VALUE_FLAGS: Record<string, string> = {
  '--gpus': '--gpus',
  '--user': '--user',
  '-u': '--user',
  '--network': '--network',
  '--net': '--network',
  '--ipc': '--ipc',
  '--pid': '--pid',
  '--uts': '--uts',
  '--volume': '--volume',
  '-v': '--volume',
  '--mount': '--mount',
  '--runtime': '--runtime',
  '--device': '--device',
  '--shm-size': '--shm-size',
  '--cap-add': '--cap-add',
};
const BOOLEAN_FLAGS = new Set(['--privileged']);

export function readRunArgs(runArgs: Node | null): RunFlag[] {
  if (!runArgs || runArgs.type !== 'array') return [];
  const items = runArgs.children ?? [];
  const flags: RunFlag[] = [];
  for (let i = 0; i < items.length; i++) {
    const node = items[i];
    if (node.type !== 'string') continue;
    const text = (node.value as string).trim();
    const spacedAt = /^-[^\s=]*\s+\S/.test(text) ? text.search(/\s/) : -1;
    const equals = text.indexOf('=');
    const head = spacedAt > 0 ? text.slice(0, spacedAt) : equals > 0 ? text.slice(0, equals) : text;
    const long = VALUE_FLAGS[head] ?? (BOOLEAN_FLAGS.has(head) ? head : null);
    if (!long) continue;
    const base = { name: long, index: i, spaced: spacedAt > 0 };
    if (spacedAt > 0) {
      flags.push({ ...base, value: text.slice(spacedAt).trim(), count: 1, span: span(node, node), valueNode: node });
    } else if (equals > 0) {
      flags.push({ ...base, value: text.slice(equals + 1), count: 1, span: span(node, node), valueNode: node });
    } else if (BOOLEAN_FLAGS.has(long)) {
      flags.push({ ...base, value: null, count: 1, span: span(node, node), valueNode: null });
    } else {
      const next = items[i + 1];
      const value = next?.type === 'string' ? (next.value as string) : null;
      flags.push({ ...base, value, count: next ? 2 : 1, span: span(node, next ?? node), valueNode: next ?? null });
      if (next) i++;
    }
  }
  return flags;
}

function span(first: Node, last: Node): Span {
  return { offset: first.offset, length: last.offset + last.length - first.offset };
}

/** The runArgs key when there is one, else the root's brace: where "runArgs lacks ..." goes. */
export function runArgsSpan(doc: DevcontainerDocument): Span {
  const runArgs = valueAt(doc, 'runArgs');
  return runArgs ? keySpan(runArgs) : rootSpan(doc);
}

/** Changes that append `items` to runArgs (made when missing). */
export function appendRunArgs(doc: DevcontainerDocument, items: string[]): Change[] {
  const runArgs = valueAt(doc, 'runArgs');
  if (!runArgs || runArgs.type !== 'array') return [{ path: ['runArgs'], value: items }];
  return [{ path: ['runArgs'], insertAt: runArgs.children?.length ?? 0, values: items }];
}

/** Changes that set a flag's value, in the spelling it was written in. */
export function setFlagValue(flag: RunFlag, value: string): Change[] {
  return flag.count === 2 ? [{ path: ['runArgs', flag.index + 1], value }] : [{ path: ['runArgs', flag.index], value: `${flag.name}=${value}` }];
}

export function removeFlag(flag: RunFlag): Change[] {
  return [{ path: ['runArgs'], removeAt: flag.index, count: flag.count }];
}
