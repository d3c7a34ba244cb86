// What `ds01 devcontainer init` and "DS01: Add Dev Container Configuration" write: the devcontainer.json of the
// host's `devcontainer init` (scripts/user/wizards/devcontainer-init): image, runArgs with --user uid:gid, a
// GPU request, --shm-size, the home mount, containerEnv HOME and HF_HOME, postCreateCommand for a
// requirements.txt, shutdownAction stopContainer. Two differences, both on purpose: the GPU request is a count
// within the user's per-container cap (the host writes `all`, which only its docker wrapper turns into one
// GPU), and a project with a Dockerfile is built from it ("build") instead of naming a base image.
import { plural } from '../format';
import { problem, type ProblemError } from '../problem';
import { baseImageFor } from '../images/dockerfile';
import { CONTAINER_HOME, HOME_MOUNT } from './check';
import type { GpuCap } from './finding';

/** The host's fallback images per framework (its AIME catalog lookup aside). */
export const FRAMEWORK_IMAGES: Readonly<Record<string, string>> = {
  pytorch: baseImageFor('pytorch'),
  tensorflow: baseImageFor('tensorflow'),
  jax: baseImageFor('jax'),
  minimal: 'nvidia/cuda:12.1-runtime-ubuntu22.04',
};
export const DEFAULT_FRAMEWORK = 'pytorch';

/** The host's shared memory size; less where the user's limits allow less. */
const HOST_SHM_BYTES = 8 * 1024 ** 3;

export interface DevcontainerChoices {
  /** The project folder's name. */
  folderName: string;
  /** A base image, or the project's Dockerfile as seen from .devcontainer/ ("../Dockerfile"). */
  source: { image: string } | { dockerfile: string };
  /** 0: no GPU. */
  gpus: number;
  uid: number;
  gid: number;
  /** The user's shared-memory limit; null when none or not known. */
  shmBytes: number | null;
  /** The project has a requirements.txt at its top. */
  requirements: boolean;
}

export function devcontainerText(c: DevcontainerChoices): string {
  const config: Record<string, unknown> = { name: projectName(c.folderName) };
  if ('image' in c.source) config.image = c.source.image;
  else config.build = { dockerfile: c.source.dockerfile, context: '..' };
  config.runArgs = [
    '--user',
    `${c.uid}:${c.gid}`,
    ...(c.gpus > 0 ? ['--gpus', String(c.gpus)] : []),
    '--shm-size',
    dockerSize(Math.min(HOST_SHM_BYTES, c.shmBytes ?? HOST_SHM_BYTES)),
  ];
  config.mounts = [HOME_MOUNT];
  config.containerEnv = { HOME: CONTAINER_HOME, HF_HOME: `${CONTAINER_HOME}/.cache/huggingface` };
  if (c.requirements) config.postCreateCommand = 'pip install -r requirements.txt';
  config.shutdownAction = 'stopContainer';
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** As the host names the project: spaces to dashes, lower case. */
export function projectName(folderName: string): string {
  return folderName.replace(/ /g, '-').toLowerCase();
}

/** The GPU counts offered: none up to the cap (up to 4 where there is none, 0 or 1 where it is not known). */
export function gpuCounts(cap: GpuCap): number[] {
  const top = 'unknown' in cap ? 1 : cap.max === null ? 4 : cap.max;
  return Array.from({ length: top + 1 }, (_, n) => n);
}

/** The default GPU count: one, where the cap allows a GPU at all. */
export function defaultGpus(cap: GpuCap): number {
  return 'max' in cap && cap.max === 0 ? 0 : 1;
}

/** Why `gpus` cannot be written for this user, or null. */
export function gpuRequestProblem(gpus: number, cap: GpuCap): ProblemError | null {
  if (!Number.isInteger(gpus) || gpus < 0) return problem('usage', `--gpus ${gpus} is not a GPU count.`, 'Give a whole number: 0 for none, 1 or more.');
  if ('unknown' in cap) {
    return gpus > 1
      ? problem(
          'config-missing',
          `Cannot check --gpus ${gpus} against your per-container cap: ${cap.unknown}.`,
          'Ask for 1 GPU, or fix the limits file first (ds01 limits).',
        )
      : null;
  }
  if (cap.max !== null && gpus > cap.max) {
    return problem(
      'limit-per-container',
      `--gpus ${gpus} is above your per-container cap of ${plural(cap.max, 'GPU')}: DS01 would refuse to start the container.`,
      `Ask for at most ${cap.max} (ds01 limits shows your caps).`,
    );
  }
  return null;
}

/** Bytes as docker's --shm-size writes them: 8g, 512m, else bytes. */
export function dockerSize(bytes: number): string {
  if (bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3}g`;
  if (bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2}m`;
  return `${bytes}b`;
}

/**
 * What the user should know before "Reopen in Container" when their GPU quota cannot take `gpus` more now (the
 * host's init warns likewise): the docker wrapper then waits for a GPU. Null when it fits or is not known.
 */
export function quotaNote(gpus: number, used: number, limit: number | null): string | null {
  if (gpus === 0 || limit === null || used + gpus <= limit) return null;
  return `Your GPU quota is in use (${used} of ${limit}): the container will wait for a GPU when it starts, until you retire a container holding one.`;
}
