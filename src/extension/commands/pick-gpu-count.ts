// The GPU-count step of Deploy and of Open Folder in GPU Container: only the counts the limits allow, counts that
// must wait for a free GPU marked so, the others shown with why they are not offered (whole, over several lines).
import * as vscode from 'vscode';
import { offerGpuCounts } from '../../core/allocation/gpu-count-choices';
import { heldSlotIds } from '../../core/allocation/usage';
import { formatGpuCount, formatGpuNumbers, wrapLines } from '../../core/format';
import { problemText } from '../../core/problem';
import { gpuHolders } from '../../host/engine';
import type { UserView } from '../../host/users/view';
import type { Ds01Context } from '../context';
import { BACK, type Back } from '../multi-step';

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
 * The GPU counts the user's limits allow now (core's offer), known before any question; undefined (and said)
 * when no container can be had at all, so a flow that cannot end in a container is refused at once.
 */
export function gpuCountStep(ctx: Ds01Context, view: UserView): GpuCountStep | undefined {
  const slots = view.inventory?.slots ?? [];
  const offer = offerGpuCounts({
    limits: view.limits,
    usage: view.engineView!.usage,
    containerNames: view.containers.map((c) => c.displayName),
    slots,
    heldSlotIds: heldSlotIds(gpuHolders(view.engineView!.scan), slots, view.inventory?.gpus ?? []),
  });
  if (offer.blocked) {
    ctx.refused?.(`Deploy refused: ${problemText(offer.blocked)}`);
    void vscode.window.showErrorMessage(`DS01: no container can be deployed now: ${problemText(offer.blocked)}`);
    return undefined;
  }
  const now: StepItem[] = offer.now.map((c) => ({
    label: c.gpus === 0 ? '0 GPUs (CPU only)' : formatGpuCount(c.gpus),
    description: c.slotIds.length ? `now: ${formatGpuNumbers(c.slotIds)}` : undefined,
    gpus: c.gpus,
  }));
  const items: StepItem[] = [
    ...now,
    ...offer.wait.flatMap((c) =>
      withWholeText(
        { label: `$(watch) ${formatGpuCount(c.gpus)}`, description: 'none free now: wait for a GPU', gpus: c.gpus, wait: true },
        c.refusal!.message,
        problemText(c.refusal!),
      ),
    ),
    ...(offer.refused.length ? [{ label: 'Not offered', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...offer.refused.flatMap((c) =>
      withWholeText({ label: `$(circle-slash) ${formatGpuCount(c.gpus)}`, description: 'not offered' }, c.refusal!.message, problemText(c.refusal!)),
    ),
  ];
  return { items, start: now.find((i) => i.gpus === 1) ?? now[0], anyRefused: offer.refused.length > 0 };
}

export interface GpuCount {
  gpus: number;
  wait: boolean;
}

interface CountStep {
  title: string;
  step: number;
  totalSteps: number;
}

/** With `back`, a step of a longer input: it starts on the count answered before and may answer BACK. */
export function pickGpuCount(
  ctx: Ds01Context,
  counts: GpuCountStep,
  step: CountStep & { back: true; previous?: GpuCount },
): Promise<GpuCount | Back | undefined>;
export function pickGpuCount(ctx: Ds01Context, counts: GpuCountStep, step: CountStep): Promise<GpuCount | undefined>;
export async function pickGpuCount(
  ctx: Ds01Context,
  counts: GpuCountStep,
  step: CountStep & { back?: true; previous?: GpuCount },
): Promise<GpuCount | Back | undefined> {
  const { previous, back, ...shown } = step;
  const before = previous && counts.items.find((i) => i.gpus === previous.gpus && (i.wait === true) === previous.wait);
  for (;;) {
    const options = { ...shown, active: before ?? counts.start, placeholder: counts.anyRefused ? 'GPUs (the counts under "Not offered" say why not)' : 'GPUs' };
    const pick = back ? await ctx.prompter.pick(counts.items, { ...options, back }) : await ctx.prompter.pick(counts.items, options);
    if (pick === undefined || pick === BACK) return pick;
    if (pick.gpus !== undefined) return { gpus: pick.gpus, wait: pick.wait === true };
    void vscode.window.showWarningMessage(`DS01: ${pick.note ?? 'not offered'}`);
  }
}
