// Bind mounts of a devcontainer.json: `mounts` (docker --mount strings or objects), `workspaceMount`, and
// runArgs' -v/--volume/--mount. A source is resolved the way Dev Containers does for the variables it can
// name on this host (${localEnv:X}, ${localWorkspaceFolder}); one with any other variable stays unresolved.
import type { Node } from 'jsonc-parser';
import { plainValue, spanOf, type Span } from './document';
import type { RunFlag } from './run-args';

export interface BindMount {
  /** The source as written. */
  written: string;
  /** The host path it names, normalized; null when it cannot be told here (another variable, a relative path). */
  source: string | null;
  span: Span;
}

export interface LocalValues {
  localEnv: Readonly<Record<string, string | undefined>>;
  /** The folder Dev Containers opens (the one holding .devcontainer/); null when not known. */
  workspaceFolder: string | null;
}

export function bindMounts(mounts: Node | null, workspaceMount: Node | null, flags: RunFlag[], values: LocalValues): BindMount[] {
  const found: BindMount[] = [];
  for (const node of mounts?.type === 'array' ? (mounts.children ?? []) : []) {
    const source = node.type === 'string' ? mountOption(node.value as string) : objectMount(plainValue(node));
    if (source) found.push(resolved(source, spanOf(node), values));
  }
  if (workspaceMount?.type === 'string') {
    const source = mountOption(workspaceMount.value as string);
    if (source) found.push(resolved(source, spanOf(workspaceMount), values));
  }
  for (const flag of flags) {
    if (!flag.value) continue;
    const source = flag.name === '--mount' ? mountOption(flag.value) : flag.name === '--volume' ? volumeSource(flag.value) : null;
    if (source) found.push(resolved(source, flag.span, values));
  }
  return found;
}

/** The source of a `type=bind,source=...,target=...` string; null for any other type (volume, tmpfs). */
function mountOption(text: string): string | null {
  const options = new Map(
    text.split(',').map((part) => {
      const eq = part.indexOf('=');
      return [(eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(), eq < 0 ? '' : part.slice(eq + 1).trim()] as const;
    }),
  );
  // docker --mount's own default type is volume.
  if ((options.get('type') ?? 'volume') !== 'bind') return null;
  return options.get('source') ?? options.get('src') ?? null;
}

function objectMount(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  return m.type === 'bind' && typeof m.source === 'string' ? m.source : null;
}

/** `-v SRC:DST[:opts]`: a bind when SRC is a path, a named volume otherwise. */
function volumeSource(text: string): string | null {
  const source = text.split(':')[0];
  return source.startsWith('/') || source.startsWith('$') || source.startsWith('~') ? source : null;
}

function resolved(written: string, span: Span, values: LocalValues): BindMount {
  return { written, source: resolvePath(written, values), span };
}

export function resolvePath(written: string, values: LocalValues): string | null {
  let unresolved = false;
  const text = written.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    const [kind, name, ...rest] = inner.split(':');
    // Dev Containers puts an unset variable's default, else nothing, in its place.
    const value =
      kind === 'localEnv' || kind === 'env'
        ? (values.localEnv[name ?? ''] ?? rest.join(':'))
        : kind === 'localWorkspaceFolder'
          ? (values.workspaceFolder ?? undefined)
          : undefined;
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  if (unresolved || !text.startsWith('/')) return null;
  return normalize(text);
}

/** Lexical normalization: `/home/me/../x/./y/` -> `/home/x/y`. Links are not followed (pure: no file system). */
export function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function isInside(path: string, folder: string): boolean {
  const f = normalize(folder);
  return path === f || path.startsWith(f === '/' ? '/' : `${f}/`);
}
