// The command table. One command per file in this folder (its usage, options, --json contract and run); add a line
// here for each.
// Commands load on demand, so `ds01 limits` never pays for loading the Docker client.
import type { CliCommand } from '../command';

export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

export const commands: Record<string, CommandEntry> = {
  limits: { summary: 'your resolved GPU, container and lifecycle limits', load: async () => (await import('./limits')).limitsCommand },
  'check-limits': { summary: 'your GPU and container usage against your limits', load: async () => (await import('./check-limits')).checkLimits },
  gpus: { summary: 'GPUs and MIG slots of this host, with memory, utilisation and allocation', load: async () => (await import('./gpus')).gpus },
  'gpu-reader': { summary: 'for admins (root): keep the host GPU reading in /run/ds01', load: async () => (await import('./gpu-reader')).gpuReader },
  'admin setup-host': {
    summary: 'for admins (root): lay out and check the shared state folder and the gpu-reader unit',
    load: async () => (await import('./admin-setup-host')).adminSetupHost,
  },
  quota: { summary: "your home's disk use against your quota (quota -u, else its size) [--json]", load: async () => (await import('./quota')).quota },
  explain: { summary: 'explain CUDA failures in a log (FILE or stdin) [--json]', load: async () => (await import('./explain')).explain },
  'container deploy': {
    summary: 'deploy NAME [--image IMG] [--gpus N] [--workspace DIR] [--wait [--wait-timeout S]] [--json]',
    load: async () => (await import('./container-deploy')).containerDeploy,
  },
  'container retire': {
    summary: 'retire NAME [--force] [--json]: stop, remove, confirm gone',
    load: async () => (await import('./container-retire')).containerRetire,
  },
  'container keep-alive': {
    summary: "keep-alive NAME [--off] [--json]: hold off the host's idle stop for 24 h",
    load: async () => (await import('./container-keep-alive')).containerKeepAlive,
  },
  'image build': {
    summary: 'build [DIR] [--name NAME] [--dockerfile FILE] [--framework F] [--no-cache] [--json]: ds01-<uid>/NAME:latest',
    load: async () => (await import('./image-build')).imageBuild,
  },
  'image list': {
    summary: 'list [--json]: your images, their size, framework and the containers using them',
    load: async () => (await import('./image-list')).imageList,
  },
  'image remove': {
    summary: 'remove NAME [--json]: remove one of your images (refused while a container uses it)',
    load: async () => (await import('./image-remove')).imageRemove,
  },
  'project launch': {
    summary: 'launch [DIR] [--gpus N] [--wait] [--rebuild] [--json]: image (built if missing) -> container, folder at /workspace',
    load: async () => (await import('./project-launch')).projectLaunch,
  },
  'container logs': {
    summary: 'logs NAME [--follow] [--since T] [--tail N]: its output (stdout, stderr), CUDA failures explained',
    load: async () => (await import('./container-logs')).containerLogs,
  },
  'container pause': {
    summary: 'pause NAME [--json]: freeze its processes (its GPUs stay held)',
    load: async () => (await import('./container-pause')).containerPause,
  },
  'container unpause': {
    summary: 'unpause NAME [--json]: resume a paused container',
    load: async () => (await import('./container-unpause')).containerUnpause,
  },
  'container stats': {
    summary: 'stats [NAME] [--watch] [--json]: CPU, memory, I/O, pids and GPU use of your running containers',
    load: async () => (await import('./container-stats')).containerStats,
  },
  'container ports': {
    summary: 'ports NAME [--json]: the ports it listens on, and the ssh -L that reaches each',
    load: async () => (await import('./container-ports')).containerPorts,
  },
  'container jupyter': {
    summary: 'jupyter NAME [--port N] [--stop] [--json]: start Jupyter Lab in it with a token (the URL and ssh -L to reach it); --stop stops it',
    load: async () => (await import('./container-jupyter')).containerJupyter,
  },
  'container list': {
    summary: 'list [--all] [--json]: your containers (--all: stopped ones too)',
    load: async () => (await import('./container-list')).containerList,
  },
  'devcontainer init': {
    summary: 'init [DIR] [--gpus N] [--image IMG | --framework F] [--force] [--json]: write .devcontainer/devcontainer.json for DS01',
    load: async () => (await import('./devcontainer-init')).devcontainerInit,
  },
  'devcontainer check': {
    summary: 'check [FILE|DIR] [--json]: what DS01 would refuse or regret in a devcontainer.json',
    load: async () => (await import('./devcontainer-check')).devcontainerCheck,
  },
};
