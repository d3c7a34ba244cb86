// The context the unit tests check with: user me (1000:1000), home /home/me, a per-container cap of 2.
import type { CheckContext } from '../../../../src/core/devcontainer';

export function context(over: Partial<CheckContext> = {}): CheckContext {
  return {
    user: 'me',
    home: '/home/me',
    uid: 1000,
    gid: 1000,
    gpuCap: { max: 2 },
    catalog: null,
    localEnv: { HOME: '/home/me', USER: 'me' },
    workspaceFolder: '/home/me/proj',
    ...over,
  };
}

/** A file DS01 has nothing to say about. */
export const GOOD = `{
  "name": "proj",
  "image": "pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime",
  "runArgs": ["--user", "1000:1000", "--gpus", "1", "--shm-size", "8g"],
  "mounts": ["source=\${localEnv:HOME},target=/home/\${localEnv:USER},type=bind"],
  "containerEnv": { "HOME": "/home/\${localEnv:USER}" },
  "shutdownAction": "stopContainer"
}
`;
