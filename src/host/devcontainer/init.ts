// The host side of `devcontainer init`: what the project folder holds (a Dockerfile, a requirements.txt) and
// the user's limits, turned into the choices core writes.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_FRAMEWORK, defaultGpus, FRAMEWORK_IMAGES, gpuRequestProblem, type DevcontainerChoices, type GpuCap } from '../../core/devcontainer';
import type { KnownUser, LimitSet } from '../../core/model';
import { problem, type Problem } from '../../core/problem';
import { gpuCapOf } from './context';

export interface InitRequest {
  folder: string;
  /** An image to use; else the project's Dockerfile, else the framework's image. */
  image?: string;
  framework?: string;
  gpus?: number;
}

export function initChoices(request: InitRequest, user: KnownUser, limits: LimitSet | Problem): { choices: DevcontainerChoices; cap: GpuCap } {
  const cap = gpuCapOf(limits);
  const gpus = request.gpus ?? defaultGpus(cap);
  const refused = gpuRequestProblem(gpus, cap);
  if (refused) throw refused;
  const framework = request.framework ?? DEFAULT_FRAMEWORK;
  if (!request.image && !FRAMEWORK_IMAGES[framework]) {
    throw problem('usage', `Unknown framework "${framework}".`, `Use one of ${Object.keys(FRAMEWORK_IMAGES).join(', ')}, or --image IMAGE.`);
  }
  const dockerfile = hasDockerfile(request.folder);
  return {
    cap,
    choices: {
      folderName: basename(request.folder),
      source: request.image
        ? { image: request.image }
        : dockerfile && !request.framework
          ? { dockerfile: '../Dockerfile' }
          : { image: FRAMEWORK_IMAGES[framework] },
      gpus,
      uid: user.uid,
      gid: user.gid,
      shmBytes: 'shmBytes' in limits ? limits.shmBytes : null,
      requirements: existsSync(join(request.folder, 'requirements.txt')),
    },
  };
}

export function hasDockerfile(folder: string): boolean {
  return existsSync(join(folder, 'Dockerfile'));
}
