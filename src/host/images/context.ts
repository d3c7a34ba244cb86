// The build context: the project folder as the engine's docker build would send it (`.dockerignore` honoured,
// links packed as links, never followed), checked first: a folder the user can read, a Dockerfile inside it
// (its real path: a link out of the folder is refused), and a total under the size cap, naming what is large.
import ignore from '@balena/dockerignore';
import { accessSync, constants, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pack } from 'tar-fs';
import { problem } from '../../core/problem';

export const DEFAULT_MAX_CONTEXT_MIB = 2048;

export interface BuildContext {
  /** The folder's real path. */
  root: string;
  /** The Dockerfile relative to root, '/'-separated (what the engine is told). */
  dockerfile: string;
  dockerfileText: string;
  /** Relative paths packed (files, links and folders). */
  included: Set<string>;
  bytes: number;
  /** The folder's own .dockerignore text, null when it has none. */
  dockerignoreText: string | null;
}

/**
 * The Dockerfile the engine builds: the user's, plus one LABEL line with the host's image labels. It travels as an
 * extra file the rewritten .dockerignore leaves out of COPY, so the user's files and the build cache stay as they are.
 */
export const BUILD_DOCKERFILE = '.ds01-build.Dockerfile';

export interface ContextOptions {
  /** Default `Dockerfile` in the folder; relative paths are taken from the folder. */
  dockerfile?: string;
  maxBytes?: number;
}

export function readBuildContext(folder: string, options: ContextOptions = {}): BuildContext {
  const root = readableFolder(folder);
  const dockerfile = dockerfileInside(root, folder, options.dockerfile ?? 'Dockerfile');
  let dockerfileText: string;
  try {
    dockerfileText = readFileSync(join(root, dockerfile), 'utf8');
  } catch (err) {
    throw problem(
      'usage',
      `The Dockerfile ${join(root, dockerfile)} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`,
      'Make it readable to you (chmod u+r), then build again.',
    );
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CONTEXT_MIB * 2 ** 20;
  const dockerignoreText = readOptional(join(root, '.dockerignore'));
  const rules = dockerignoreRules(dockerignoreText);
  const matcher = ignore().add(rules);
  const reincludes = rules.some((r) => r.trim().startsWith('!'));
  const included = new Set<string>();
  const topSizes = new Map<string, number>();
  let bytes = 0;

  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch (err) {
      throw problem(
        'usage',
        `The folder ${join(root, dir)} in the build context cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
        `Make it readable to you, or leave it out of the build with a line "${dir}" in ${join(root, '.dockerignore')}.`,
      );
    }
    for (const name of names) {
      const rel = dir === '' ? name : `${dir}/${name}`;
      const st = lstatSync(join(root, rel));
      const ignored = matcher.ignores(rel) && rel !== dockerfile && rel !== '.dockerignore';
      if (st.isDirectory()) {
        if (ignored && !reincludes) continue;
        if (!ignored) included.add(rel);
        walk(rel);
        continue;
      }
      if (ignored) continue;
      included.add(rel);
      // A folder re-entered only for a `!` rule must reach the archive as a parent of what it holds.
      for (let p = rel.lastIndexOf('/'); p > 0; p = rel.lastIndexOf('/', p - 1)) included.add(rel.slice(0, p));
      if (st.isFile()) {
        bytes += st.size;
        const top = rel.split('/')[0];
        topSizes.set(top, (topSizes.get(top) ?? 0) + st.size);
        if (bytes > maxBytes) throw tooLarge(root, maxBytes, topSizes);
      }
    }
  };
  walk('');
  included.delete(BUILD_DOCKERFILE);
  return { root, dockerfile, dockerfileText, included, bytes, dockerignoreText };
}

/** The context as a tar stream of exactly what readBuildContext counted, with `dockerfile` as BUILD_DOCKERFILE. */
export function packContext(ctx: BuildContext, dockerfile: string): Readable {
  const ignoreText = `${ctx.dockerignoreText ?? '.dockerignore\n'}\n${BUILD_DOCKERFILE}\n`;
  return pack(ctx.root, {
    ignore: (abs: string) => {
      const rel = relative(ctx.root, abs).split(sep).join('/');
      return rel === '.dockerignore' || !ctx.included.has(rel);
    },
    finalize: false,
    finish: (tar: { entry: (h: { name: string; mode: number }, body: string) => void; finalize: () => void }) => {
      tar.entry({ name: BUILD_DOCKERFILE, mode: 0o644 }, dockerfile);
      tar.entry({ name: '.dockerignore', mode: 0o644 }, ignoreText);
      tar.finalize();
    },
  } as Parameters<typeof pack>[1]) as unknown as Readable;
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readableFolder(folder: string): string {
  const refuse = (why: string, fix: string) => problem('usage', `The project folder ${JSON.stringify(folder.slice(0, 200))} ${why}.`, fix);
  let root: string;
  try {
    root = realpathSync(folder);
  } catch {
    throw refuse('does not exist', 'Pass the folder that holds your Dockerfile, e.g. ds01 image build ~/workspace/my-project.');
  }
  if (!statSync(root).isDirectory()) throw refuse('is not a folder', 'Pass the folder that holds your Dockerfile (or --dockerfile FILE within it).');
  try {
    accessSync(root, constants.R_OK | constants.X_OK);
  } catch {
    throw refuse('cannot be read by you', 'Build from a folder you can read (your own project), or ask its owner to share it.');
  }
  return root;
}

function dockerfileInside(root: string, folder: string, dockerfile: string): string {
  const given = isAbsolute(dockerfile) ? dockerfile : resolve(folder, dockerfile);
  let real: string;
  try {
    real = realpathSync(given);
  } catch {
    throw problem(
      'not-found',
      `There is no Dockerfile at ${given}.`,
      'Write one (ds01 image build --framework pytorch writes a DS01 Dockerfile into the folder), or name yours with --dockerfile FILE.',
    );
  }
  const rel = relative(root, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw problem(
      'usage',
      `The Dockerfile ${given}${real !== given ? ` (a link to ${real})` : ''} is outside the project folder ${root}: the engine only sees the folder.`,
      'Put the Dockerfile in the project folder (not a link out of it), or build from the folder that holds it.',
    );
  }
  if (!statSync(real).isFile()) throw problem('usage', `The Dockerfile ${given} is not a file.`, 'Name a Dockerfile with --dockerfile FILE.');
  return rel.split(sep).join('/');
}

function dockerignoreRules(text: string | null): string[] {
  if (text === null) return [];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function tooLarge(root: string, maxBytes: number, topSizes: Map<string, number>) {
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(b < 10 * 2 ** 20 ? 1 : 0)} MiB`;
  const large = [...topSizes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([p, b]) => `${p} (${mib(b)})`);
  return problem(
    'usage',
    `The build context ${root} is larger than ${mib(maxBytes)} (ds01.images.maxContextMiB); largest: ${large.join(', ')}.`,
    `Leave data out of the build with lines in ${join(root, '.dockerignore')} (e.g. "${large.length ? large[0].split(' ')[0] : 'data'}"), or raise ds01.images.maxContextMiB / DS01_MAX_CONTEXT_MIB.`,
  );
}
