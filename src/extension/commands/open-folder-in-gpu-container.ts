// DS01: Open Folder in GPU Container (the host's project-launch): the folder's image (built when missing; when
// older than its Dockerfile or dependency files, asked), then this project's container — reused, started if
// stopped, else deployed with Deploy's own GPU choices, refusals and waiting, the folder at /workspace — then
// VS Code attached (Dev Containers) or a terminal in the container at /workspace.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { problem } from '../../core/problem';
import type { DeployResult } from '../../host/containers';
import { launchProject, projectState, type BuildResult, type LaunchResult } from '../../host/images';
import { usableView, type Ds01Context } from '../context';
import { runBuild } from '../images/run-build';
import { devContainersInstalled } from '../dev-containers';
import { deployOrOfferQueue, waitInQueue } from './deploy';
import { dockerTerminal } from './docker-terminal';
import { gpuCountStep, pickGpuCount } from './pick-gpu-count';
import { offerDockerfile, projectOf, type ProjectArg } from './build-image';

export interface OpenedProject extends LaunchResult {
  terminal?: vscode.Terminal;
  attached: boolean;
}

const TITLE = 'DS01: Open Folder in GPU Container';

export async function openFolderInGpuContainer(ctx: Ds01Context, arg?: ProjectArg): Promise<OpenedProject | undefined> {
  const { folder, dockerfile } = projectOf(arg);
  await Promise.all([ctx.state.refreshContainers(), ctx.state.readGpus()]);
  const view = usableView(ctx);
  const { engine, user } = ctx.state;
  let state = await projectState(engine, user, folder, { dockerfile });
  if (state.imageState === 'missing' && !dockerfile && !existsSync(join(state.folder, 'Dockerfile')) && !(await offerDockerfile(ctx, state.folder)))
    return undefined;
  let rebuild = state.imageState === 'missing';
  if (state.imageState === 'stale') {
    const answer = await ctx.prompter.pick([{ label: 'Rebuild' }, { label: 'Use it as it is' }], {
      title: `${TITLE}: ${state.image} is older than ${state.newer.join(', ')}`,
      step: 1,
      totalSteps: 1,
      placeholder: 'Rebuild the image first?',
    });
    if (!answer) return undefined;
    rebuild = answer.label === 'Rebuild';
  }
  let built: BuildResult | null = null;
  if (rebuild) {
    built = (await runBuild(ctx, { folder: state.folder, name: state.project, dockerfile })) ?? null;
    if (!built) return undefined;
    state = await projectState(engine, user, folder, { dockerfile });
  }
  const counts = state.container ? undefined : gpuCountStep(ctx, view);
  if (!state.container && !counts) return undefined;
  const count = counts ? await pickGpuCount(ctx, counts, { title: TITLE, step: 1, totalSteps: 1 }) : { gpus: 0, wait: false };
  if (!count) return undefined;

  const launched = await launchProject(
    engine,
    user,
    { folder: state.folder, name: state.project, dockerfile, gpus: count.gpus },
    {
      rebuildStale: async () => false,
      deploy: async (request) => {
        const outcome = count.wait
          ? await waitInQueue(ctx, { ...request, image: request.image! })
          : await deployOrOfferQueue(ctx, view, { ...request, image: request.image! });
        if (!outcome) throw problem('cancelled', `Open Folder in GPU Container for ${state.project} was cancelled: nothing was deployed.`);
        if ('clamps' in outcome) return outcome;
        if (!outcome.ok)
          throw problem(outcome.problem?.kind ?? 'deploy-failed', outcome.problem?.message ?? 'The GPU wait ended without a container.', outcome.problem?.fix);
        return {
          id: outcome.id!,
          name: outcome.name!,
          hostName: outcome.hostName!,
          image: request.image!,
          slots: [],
          gpuUuids: [],
          cgroupParent: null,
          clamps: [],
        } satisfies DeployResult;
      },
    },
  );
  const result = { ...launched, built };
  ctx.log.info(`project ${result.state.project}: container ${result.hostName} ${result.container}`);
  void ctx.state.refreshContainers();
  if (devContainersInstalled()) {
    await vscode.commands.executeCommand('ds01.attach', result.hostName);
    return { ...result, attached: true };
  }
  const terminal = dockerTerminal(ctx, `DS01: ${result.displayName}`, [
    'exec',
    '-it',
    '-w',
    '/workspace',
    result.hostName,
    'sh',
    '-c',
    'ls; if command -v bash >/dev/null; then exec bash; else exec sh; fi',
  ]);
  return { ...result, terminal, attached: false };
}
