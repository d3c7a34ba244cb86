// Build `ds01-<uid>/<project>:latest` through the engine's build API (the folder as context, no shell), reporting
// each step and output line as the engine sends it. Cancel aborts the request, which makes the engine stop the
// build; the tag is then checked and put back as it was, so a cancelled build never leaves a new tag.
import type { KnownUser } from '../../core/model';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { isProblemError, problem } from '../../core/problem';
import { BuildFailed, buildEvents, buildFailure, outputLines, type BuildEvent, type BuildMessage } from '../../core/images/build-log';
import { dockerfileInstructions } from '../../core/images/dockerfile-lines';
import { frameworkInDockerfile, imageLabels, labelledDockerfile } from '../../core/images/labels';
import { projectImage, validateProjectName } from '../../core/images/name';
import type { Engine } from '../engine/connect';
import { mapEngineError } from '../engine/errors';
import { readJsonLines } from '../engine/json-lines';
import { BUILD_DOCKERFILE, packContext, readBuildContext } from './context';
import { sourceFiles } from './sources';

export interface BuildRequest {
  folder: string;
  user: Pick<KnownUser, 'name' | 'uid'>;
  /** Project name; default the folder's name made one. */
  name?: string;
  /** Default `Dockerfile` in the folder. */
  dockerfile?: string;
  /** The ds01.framework label; default what the Dockerfile's own label says, else `custom`. */
  framework?: string;
  noCache?: boolean;
  maxBytes?: number;
  signal?: AbortSignal;
  now?: Date;
}

export interface BuildResult {
  image: string;
  id: string;
  project: string;
  /** Absolute path of the Dockerfile built. */
  dockerfile: string;
  steps: number;
  contextBytes: number;
}

const KEPT_OUTPUT = 200;

export async function buildProjectImage(engine: Engine, request: BuildRequest, onEvent?: (e: BuildEvent) => void): Promise<BuildResult> {
  const ctx = readBuildContext(request.folder, { dockerfile: request.dockerfile, maxBytes: request.maxBytes });
  const project = request.name !== undefined ? validateProjectName(request.name) : validateProjectName(basename(ctx.root), 'folder');
  const image = projectImage(project, request.user.uid);
  const dockerfilePath = join(ctx.root, ctx.dockerfile);
  const framework = request.framework ?? frameworkInDockerfile(ctx.dockerfileText) ?? 'custom';
  // ds01.created is when the image's sources were last written (the host writes the Dockerfile's creation time):
  // a rebuild of unchanged sources then hits the build cache in every step and is the same image.
  const labels = imageLabels({ user: request.user, project, framework, now: request.now ?? new Date(sourceTimeMs(ctx.root, ctx.dockerfile)) });
  if (request.signal?.aborted) throw cancelled(image);
  // What the name points to now, asked while the context uploads (the tag moves only at the build's very end).
  const asked = imageId(engine, image);
  asked.catch(() => undefined);

  let step: { index: number; total: number; instruction: string } | null = null;
  const output: string[] = [];
  let carry = '';
  let id: string | null = null;
  let error: string | null = null;
  const take = (e: BuildEvent) => {
    if (e.type === 'step') step = { index: e.index, total: e.total, instruction: e.instruction };
    if (e.type === 'image') id = e.id;
    if (e.type === 'error') error = e.message;
    if (e.type === 'output') {
      const split = outputLines(carry, e.text);
      carry = split.carry;
      output.push(...split.lines);
      if (output.length > KEPT_OUTPUT) output.splice(0, output.length - KEPT_OUTPUT);
    }
    onEvent?.(e);
  };

  let before: string | null;
  try {
    const stream = await engine.buildImage(packContext(ctx, labelledDockerfile(ctx.dockerfileText, labels)), {
      tag: image,
      dockerfile: BUILD_DOCKERFILE,
      noCache: request.noCache === true,
      signal: request.signal,
    });
    await readMessages(
      stream,
      (m) => {
        for (const e of buildEvents(m)) take(e);
      },
      request.signal,
    );
    before = await asked;
  } catch (err) {
    before = await asked.catch(() => null);
    if (request.signal?.aborted) {
      await restoreTag(engine, image, before);
      throw cancelled(image);
    }
    throw isProblemError(err) ? err : mapEngineError(err, engine.endpoint);
  }
  if (request.signal?.aborted) {
    await restoreTag(engine, image, before);
    throw cancelled(image);
  }
  if (error !== null) {
    const failure = buildFailure({ message: error, step, instructions: dockerfileInstructions(ctx.dockerfileText), output });
    const base = failure.instruction !== null ? /^FROM\s+(?:--\S+\s+)*(\S+)/i.exec(failure.instruction)?.[1] : undefined;
    throw new BuildFailed(
      failure,
      dockerfilePath,
      base !== undefined
        ? `The base image ${base} is not on this host and could not be pulled: use one that is (docker images), or ask an admin to pull it.`
        : `Fix ${dockerfilePath}${failure.line !== null ? ` line ${failure.line}` : ''} and build again; ${before ? `${image} is still the previous build` : `nothing was tagged ${image}`}.`,
    );
  }
  if (id === null) {
    // The stream ended with neither an image nor an error: the engine went away mid-build.
    await restoreTag(engine, image, before).catch(() => undefined);
    throw problem(
      'engine-unreachable',
      `The Docker engine at ${engine.endpoint} stopped answering during the build of ${image}.`,
      'Is Docker running? Check it with: docker info, then build again.',
    );
  }
  const steps = (step as { total: number } | null)?.total ?? 0;
  return { image, id, project, dockerfile: dockerfilePath, steps, contextBytes: ctx.bytes };
}

/** Each JSON message of the stream as it arrives (lines may be split across chunks). */
function readMessages(stream: Readable, onMessage: (m: BuildMessage) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    readJsonLines(
      stream,
      (m) => onMessage(m as BuildMessage),
      (text) => onMessage({ stream: text }),
      { lastLine: true },
    );
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    stream.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    stream.on('close', () => resolve());
  });
}

export async function imageId(engine: Engine, image: string): Promise<string | null> {
  return (await engine.findImage(image))?.id ?? null;
}

/** After a cancel: the name points where it pointed before, or nowhere if it did not exist. */
async function restoreTag(engine: Engine, image: string, before: string | null): Promise<void> {
  const now = await imageId(engine, image);
  if (now === before) return;
  if (before === null) {
    await engine.removeImage(image);
    return;
  }
  const [repo, tag] = [image.slice(0, image.lastIndexOf(':')), image.slice(image.lastIndexOf(':') + 1)];
  await engine.tagImage(before, repo, tag);
}

function cancelled(image: string) {
  return problem('cancelled', `The build of ${image} was cancelled: no new image was tagged.`, 'Build again when you are ready.');
}

/** The newest modification of the Dockerfile and dependency files, in whole seconds (what the label can hold). */
function sourceTimeMs(root: string, dockerfile: string): number {
  const newest = Math.max(...sourceFiles(root, dockerfile).map((f) => f.modifiedMs));
  return Math.floor(newest / 1000) * 1000;
}
