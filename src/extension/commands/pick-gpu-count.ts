// The GPU-count step of Deploy and of Open Folder in GPU Container: only the counts the limits allow, counts that
// must wait for a free GPU marked so, the others shown with why they are not offered (whole, over several lines).
import * as vscode from 'vscode';
import { gpuCountChoices } from '../../core/allocation/gpu-count-choices';
import { waitCanHelp } from '../../core/allocation/gpu-queue';
import { heldSlotIds } from '../../core/allocation/usage';
import { formatGpuCount, formatGpuNumbers, wrapLines } from '../../core/format';
import { gpuHolders } from '../../host/engine';
import type { UserView } from '../../host/users/view';
import type { Ds01Context } from '../context';

/** A quick pick shows one line of detail only: longer texts go on items of their own. */
export const NOTE_WIDTH = 64;

export type StepItem = vscode.QuickPickItem & { gpus?: number; wait?: boolean; note?: string };

/** An item, then the rest of a long text as items of their own. */
function withWholeText(item: StepItem, text: string | undefined, note: string): StepItem[] {
  if (!text) return [item];
  const [first, ...rest] = wrapLines(text, NOTE_WIDTH);
  return [{ ...item, detail: first, note }, ...rest.map((line) => ({ label: '', detail: line, note }))];
}

export interface GpuCountStep {
  items: StepItem[];
  /** The item the step starts on: 1 GPU when one is free now, not the CPU-only count. */
  start: StepItem | undefined;
  anyRefused: boolean;
}

/**
 * The GPU counts the user's limits allow now, known before any question; undefined (and said) when no container
 * can be had at all, so a flow that cannot end in a container is refused at once.
 */
export function gpuCountStep(ctx: Ds01Context, view: UserView): GpuCountStep | undefined {
  const inventory = view.inventory;
  const scan = view.engineView!.scan;
  const choices = gpuCountChoices({
    limits: view.limits, usage: view.engineView!.usage, containerNames: view.containers.map((c) => c.displayName),
    slots: inventory?.slots ?? [], heldSlotIds: heldSlotIds(gpuHolders(scan), inventory?.slots ?? [], inventory?.gpus ?? []),
  });
  // Counts refused only because no slot is free now are offered too: they wait in the host's GPU queue.
  const waitable = (c: typeof choices[number]) => c.refusal !== null && waitCanHelp(c.refusal, c.gpus, inventory?.slots ?? [], view.limits.gpus.allowFullGpu);
  const offered = choices.filter((c) => c.refusal === null);
  const queued = choices.filter(waitable);
  const refused = choices.filter((c) => c.refusal !== null && !waitable(c));
  const whole = (p: { message: string; fix?: string }) => `${p.message}${p.fix ? ` ${p.fix}` : ''}`;
  if (offered.length === 0 && queued.length === 0) {
    const why = refused[0]?.refusal ? whole(refused[0].refusal) : 'no GPU count is allowed';
    ctx.refused?.(`Deploy refused: ${why}`);
    void vscode.window.showErrorMessage(`DS01: no container can be deployed now: ${why}`);
    return undefined;
  }
  const offeredItems: StepItem[] = offered.map((c) => ({ label: c.gpus === 0 ? '0 GPUs (CPU only)' : formatGpuCount(c.gpus), description: c.slotIds.length ? `now: ${formatGpuNumbers(c.slotIds)}` : undefined, gpus: c.gpus }));
  const items: StepItem[] = [
    ...offeredItems,
    ...queued.flatMap((c) => withWholeText({ label: `$(watch) ${formatGpuCount(c.gpus)}`, description: 'none free now: wait for a GPU', gpus: c.gpus, wait: true }, c.refusal!.message, whole(c.refusal!))),
    ...(refused.length ? [{ label: 'Not offered', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...refused.flatMap((c) => withWholeText({ label: `$(circle-slash) ${formatGpuCount(c.gpus)}`, description: 'not offered' }, c.refusal!.message, whole(c.refusal!))),
  ];
  return { items, start: offeredItems.find((i) => i.gpus === 1) ?? offeredItems[0], anyRefused: refused.length > 0 };
}

export async function pickGpuCount(ctx: Ds01Context, counts: GpuCountStep, step: { title: string; step: number; totalSteps: number }): Promise<{ gpus: number; wait: boolean } | undefined> {
  for (;;) {
    const pick = await ctx.prompter.pick(counts.items, {
      ...step, active: counts.start,
      placeholder: counts.anyRefused ? 'GPUs (the counts under "Not offered" say why not)' : 'GPUs',
    });
    if (!pick) return undefined;
    if (pick.gpus !== undefined) return { gpus: pick.gpus, wait: pick.wait === true };
    void vscode.window.showWarningMessage(`DS01: ${pick.note ?? 'not offered'}`);
  }
}
