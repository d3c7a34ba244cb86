// The GPU-count step of Deploy and of Open Folder in GPU Container: only the counts the limits allow, counts that
// must wait for a free GPU marked so, the others shown with why they are not offered.
import * as vscode from 'vscode';
import { gpuCountChoices } from '../../core/allocation/gpu-count-choices';
import { waitCanHelp } from '../../core/allocation/gpu-queue';
import { heldSlotIds } from '../../core/allocation/usage';
import { gpuHolders } from '../../host/engine';
import type { UserView } from '../../host/users/view';
import type { Ds01Context } from '../context';

export async function pickGpuCount(ctx: Ds01Context, view: UserView, step: { title: string; step: number; totalSteps: number }): Promise<{ gpus: number; wait: boolean } | undefined> {
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
  const items: Array<vscode.QuickPickItem & { gpus?: number; wait?: boolean }> = [
    ...offered.map((c) => ({ label: c.gpus === 0 ? '0 GPUs (CPU only)' : `${c.gpus} GPU${c.gpus === 1 ? '' : 's'}`, description: c.slotIds.length ? `now: ${c.slotIds.join(', ')}` : undefined, gpus: c.gpus })),
    ...queued.map((c) => ({ label: `$(watch) ${c.gpus} GPU${c.gpus === 1 ? '' : 's'}`, description: 'none free now: wait for a GPU', detail: c.refusal!.message, gpus: c.gpus, wait: true })),
    ...(refused.length ? [{ label: 'Not offered', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...refused.map((c) => ({ label: `$(circle-slash) ${c.gpus} GPU${c.gpus === 1 ? '' : 's'}`, description: 'not offered', detail: c.refusal!.message })),
  ];
  if (offered.length === 0 && queued.length === 0) {
    void vscode.window.showErrorMessage(`DS01: no container can be deployed now: ${refused[0]?.refusal?.message ?? 'no GPU count is allowed'} ${refused[0]?.refusal?.fix ?? ''}`);
    return undefined;
  }
  let gpus: number | undefined;
  let wait = false;
  while (gpus === undefined) {
    const pick = await ctx.prompter.pick(items, { ...step, placeholder: 'GPUs (your limits allow the counts above the line)' });
    if (!pick) return undefined;
    if (pick.gpus !== undefined) { gpus = pick.gpus; wait = pick.wait === true; }
    else void vscode.window.showWarningMessage(`DS01: ${pick.detail ?? 'not offered'}`);
  }
  return { gpus, wait };
}
