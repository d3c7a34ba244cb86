// Deploy's four questions (name, image, GPU count, confirm) as one multi-step input: Back on a step shows the
// step before again with the answer it had.
import * as vscode from 'vscode';
import { clampText, fitLimitsToEngine, type EngineCapacity } from '../../core/containers/engine-capacity';
import { normalizeContainerName } from '../../core/containers/name';
import { formatGpuCount, wrapLines } from '../../core/format';
import { isProblemError, problemText } from '../../core/problem';
import { resolveImage, usableImages } from '../../host/containers/images';
import type { UserView } from '../../host/users/view';
import type { Ds01Context } from '../context';
import { BACK, runSteps } from '../multi-step';
import { workspaceDir } from '../workspace-folder';
import { NOTE_WIDTH, pickGpuCount, type GpuCountStep, type StepItem } from './pick-gpu-count';

const TITLE = 'DS01: Deploy Container';
const STEPS = 4;

export interface DeployAnswers {
  name: string;
  image: string;
  gpus: number;
  /** The count must wait in the host's GPU queue. */
  wait: boolean;
  workspace: string;
  /** The one reading of `docker info` the confirm step showed, handed to the deploy. */
  capacity: EngineCapacity;
}

export async function askDeploy(ctx: Ds01Context, view: UserView, counts: GpuCountStep): Promise<DeployAnswers | undefined> {
  const { prompter, state } = ctx;
  const step = (n: number) => ({ title: TITLE, step: n, totalSteps: STEPS });
  let name = defaultName();
  let image: string | undefined;
  let count: { gpus: number; wait: boolean } | undefined;
  let images: { own: string[]; all: string[] } | undefined;
  let capacity: EngineCapacity | undefined;
  const workspace = workspaceDir();

  const askName = async () => {
    const answer = await prompter.input({ ...step(1), value: name, prompt: 'Container name', validate: nameProblem });
    if (answer === undefined) return undefined;
    name = answer;
    return 'next' as const;
  };

  const askImage = async () => {
    if (!images) {
      const own = await usableImages(state.engine, state.user.uid);
      images = { own, all: [...new Set([...own, ...ctx.settings().images])] };
    }
    const { own, all } = images;
    if (all.length === 0) {
      void vscode.window.showErrorMessage('DS01: this engine has no images you can use. Build one (ds01-<uid>/NAME:latest) or set ds01.images.');
      return undefined;
    }
    const mine = `ds01-${state.user.uid}/`;
    const items: vscode.QuickPickItem[] = all.map((i) => ({
      label: i,
      description: i.startsWith(mine) ? 'your image' : own.includes(i) ? undefined : 'configured (ds01.images)',
    }));
    for (;;) {
      const picked = await prompter.pick(items, {
        ...step(2),
        back: true,
        active: items.find((i) => i.label === image),
        placeholder: 'Image (or type an image name)',
        typed: (v) => ({ label: v, description: 'typed: checked as --image is' }),
      });
      if (picked === undefined) return undefined;
      if (picked === BACK) return 'back' as const;
      if (all.includes(picked.label)) {
        image = picked.label;
        return 'next' as const;
      }
      // A typed name: the checks of `--image`, here, so a wrong name is said before the GPU step.
      try {
        image = await resolveImage(state.engine, picked.label, normalizeContainerName(name), state.user.uid);
        return 'next' as const;
      } catch (e) {
        if (!isProblemError(e)) throw e;
        void vscode.window.showWarningMessage(`DS01: ${problemText(e.problem)}`);
      }
    }
  };

  const askCount = async () => {
    const answer = await pickGpuCount(ctx, counts, { ...step(3), back: true, previous: count });
    if (answer === undefined) return undefined;
    if (answer === BACK) return 'back' as const;
    count = answer;
    return 'next' as const;
  };

  const confirm = async () => {
    // The limits may grant more than the engine's machine has: say what deploy will use instead.
    capacity ??= await state.engine.capacity();
    const fitted = fitLimitsToEngine(view.limits, capacity)
      .clamps.map(clampText)
      .map((t) => `${t[0].toUpperCase()}${t.slice(1)}.`);
    const items: StepItem[] = [
      {
        label: count!.wait ? '$(watch) Wait for a GPU' : '$(rocket) Deploy',
        description: `${name} · ${image} · ${formatGpuCount(count!.gpus)}`,
        detail: `${workspace} at /workspace`,
      },
      { label: 'Cancel' },
      ...(fitted.length ? [{ label: 'Notes', kind: vscode.QuickPickItemKind.Separator }] : []),
      ...fitted.flatMap((t) => wrapLines(t, NOTE_WIDTH).map((line, i) => ({ label: i === 0 ? '$(info)' : '', detail: line, note: t }))),
    ];
    for (;;) {
      const go = await prompter.pick(items, { ...step(4), back: true, placeholder: 'Deploy?' });
      if (go === undefined || (go !== BACK && go.label === 'Cancel')) return undefined;
      if (go === BACK) return 'back' as const;
      if (!go.note) return 'next' as const;
    }
  };

  if (!(await runSteps([askName, askImage, askCount, confirm]))) return undefined;
  return { name: normalizeContainerName(name), image: image!, gpus: count!.gpus, wait: count!.wait, workspace, capacity: capacity! };
}

function nameProblem(value: string): string | undefined {
  try {
    normalizeContainerName(value);
    return undefined;
  } catch (e) {
    return isProblemError(e) ? e.problem.message : String(e);
  }
}

function defaultName(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? 'my-project';
  return (
    folder
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '-')
      .replace(/[^a-z0-9_.-]/g, '-')
      .replace(/^[^a-z0-9]+/, '') || 'my-project'
  );
}
