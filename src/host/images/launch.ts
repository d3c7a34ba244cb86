// Project launch (the host's project-launch): the project's image (built when missing, or when stale and the
// front end says so) -> the project's container, reused when it exists (started if stopped), else deployed through
// the front end's own deploy path (same choices, refusals and waiting) with the folder at /workspace.
import { basename } from 'node:path';
import { projectContainer } from '../../core/containers/project';
import { IMAGE_LABEL } from '../../core/images/labels';
import { projectImage, validateProjectName } from '../../core/images/name';
import { imageStaleness } from '../../core/images/staleness';
import type { BuildEvent } from '../../core/images/build-log';
import type { Ds01Container, KnownUser } from '../../core/model';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';
import { gpuHolders } from '../engine';
import { engineStatus } from '../engine/errors';
import type { DeployRequest, DeployResult } from '../containers/deploy';
import { checkedWorkspace } from '../containers/workspace';
import { buildProjectImage, type BuildResult } from './build';
import { sourceFiles } from './sources';

export interface ProjectState {
  /** The folder's real path (what is mounted). */
  folder: string;
  project: string;
  image: string;
  imageState: 'missing' | 'stale' | 'current';
  /** Files changed since the image was built. */
  newer: string[];
  container: Ds01Container | null;
}

export interface LaunchOptions {
  name?: string;
  dockerfile?: string;
}

/** Where the project stands: its image and whether it is current, its container. Reads only. */
export async function projectState(engine: Engine, user: KnownUser, folder: string, options: LaunchOptions = {}): Promise<ProjectState> {
  const real = checkedWorkspace(folder, user);
  const project = options.name !== undefined ? validateProjectName(options.name) : validateProjectName(basename(real), 'folder');
  const image = projectImage(project, user.uid);
  const [created, scan] = await Promise.all([imageCreated(engine, image), engine.scanContainers()]);
  const staleness = created === null ? null : imageStaleness(created, sourceFiles(real, options.dockerfile ?? 'Dockerfile'));
  return {
    folder: real,
    project,
    image,
    imageState: staleness === null ? 'missing' : staleness.stale ? 'stale' : 'current',
    newer: staleness?.newer ?? [],
    container: projectContainer(gpuHolders(scan), user, real),
  };
}

export interface LaunchRequest extends LaunchOptions {
  folder: string;
  gpus: number;
  /** Build even when the image is current or only stale. */
  rebuild?: boolean;
  noCache?: boolean;
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface LaunchHooks {
  onBuildEvent?: (e: BuildEvent) => void;
  /** A stale image: true rebuilds it (VS Code asks; the CLI rebuilds only with --rebuild). */
  rebuildStale?: (state: ProjectState) => Promise<boolean>;
  /** Called before building, deploying or starting, for progress. */
  onStage?: (stage: 'building' | 'deploying' | 'starting' | 'reusing', state: ProjectState) => void;
  /** The front end's deploy (with its queue checks and waiting). */
  deploy: (request: DeployRequest) => Promise<DeployResult>;
}

export interface LaunchResult {
  state: ProjectState;
  built: BuildResult | null;
  /** What happened to the container. */
  container: 'reused' | 'started' | 'deployed';
  hostName: string;
  displayName: string;
  id: string;
}

export async function launchProject(engine: Engine, user: KnownUser, request: LaunchRequest, hooks: LaunchHooks): Promise<LaunchResult> {
  const state = await projectState(engine, user, request.folder, request);
  let built: BuildResult | null = null;
  const build = state.imageState === 'missing' || request.rebuild === true || (state.imageState === 'stale' && (await hooks.rebuildStale?.(state)) === true);
  if (build) {
    hooks.onStage?.('building', state);
    built = await buildProjectImage(
      engine,
      {
        folder: state.folder,
        user,
        name: state.project,
        dockerfile: request.dockerfile,
        noCache: request.noCache,
        maxBytes: request.maxBytes,
        signal: request.signal,
      },
      hooks.onBuildEvent,
    );
  }
  const existing = state.container;
  if (existing) {
    if (existing.running) {
      hooks.onStage?.('reusing', state);
      return { state, built, container: 'reused', hostName: existing.name, displayName: existing.displayName, id: existing.id };
    }
    hooks.onStage?.('starting', state);
    try {
      await engine.startContainer(existing.id);
    } catch (err) {
      if (engineStatus(err) !== 304) throw err;
    }
    return { state, built, container: 'started', hostName: existing.name, displayName: existing.displayName, id: existing.id };
  }
  if (request.signal?.aborted)
    throw problem(
      'interrupted',
      `Launch of ${state.project} was interrupted before a container was made: nothing of it remains.`,
      'Launch again when you are ready.',
    );
  hooks.onStage?.('deploying', state);
  const deployed = await hooks.deploy({
    name: state.project,
    image: state.image,
    gpus: request.gpus,
    workspace: state.folder,
    signal: request.signal,
    project: { name: state.project },
  });
  return { state, built, container: 'deployed', hostName: deployed.hostName, displayName: deployed.name, id: deployed.id };
}

/** When the image's sources were written (its ds01.created label, whole seconds), else when it was built. */
async function imageCreated(engine: Engine, image: string): Promise<number | null> {
  const info = await engine.findImage(image);
  if (!info) return null;
  const label = Date.parse(info.labels[IMAGE_LABEL.created] ?? '');
  return Number.isFinite(label) ? label + 999 : info.created.getTime();
}
