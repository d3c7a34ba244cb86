// Lifecycle in words: the short "next" text of a list row and the longer explanation of a tooltip.
import { formatDuration } from './duration';
import type { LifecycleEvent, LifecycleView } from './model';

/** "14:35" today, "Tue 14:35" within a week, else "2026-12-24 14:35" (local time). */
export function formatClock(at: Date, now: Date): string {
  const hm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  const sameDay = at.toDateString() === now.toDateString();
  if (sameDay) return hm;
  if (Math.abs(at.getTime() - now.getTime()) < 6 * 86400_000) return `${at.toLocaleDateString('en-GB', { weekday: 'short' })} ${hm}`;
  const ymd = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${ymd} ${hm}`;
}

/** When the host acts, the same in a row, a notice and a tooltip: "05:40", or "05:40 (+ up to 1h)" without its schedule. */
export function whenText(e: Pick<LifecycleEvent, 'at' | 'runUnknown'>, now: Date): string {
  return formatClock(e.at, now) + (e.runUnknown ? ' (+ up to 1h)' : '');
}

/** The removal of a stopped container (gpu-release removes it too, and frees its GPU), in one wording. */
export function removalText(e: LifecycleEvent, now: Date): string {
  return `removed ${whenText(e, now)}${e.kind === 'gpu-release' ? ', GPU freed' : ''}`;
}

/**
 * What happens next to a stopped container, as a sentence: the notice before it and the tooltip say this.
 * `subject`: how the sentence names it ("train1 (stopped)", or "it" after "stopped train1").
 */
export function removalSentence(e: LifecycleEvent, subject: string, now: Date): string {
  return `the host removes ${subject} at ${whenText(e, now)}, in ${timeLeft(e.at, now)}${e.kind === 'gpu-release' ? '; its GPU is freed then' : ''}. Start it before then to keep it.`;
}

/** The removal event of a stopped container, if one is due. */
export function removalOf(view: LifecycleView): LifecycleEvent | null {
  return view.events.find((e) => e.kind === 'gpu-release' || e.kind === 'remove') ?? null;
}

function eventText(e: LifecycleEvent, now: Date): string {
  const when = whenText(e, now);
  switch (e.kind) {
    case 'runtime-warning-75':
      return `runtime warning ${when}`;
    case 'runtime-warning-90':
      return `final runtime warning ${when}`;
    case 'runtime-stop':
      return `runtime ends ${when}`;
    case 'keep-alive-ends':
      return `kept alive until ${when}`;
    case 'gpu-release':
    case 'remove':
      return removalText(e, now);
  }
}

/**
 * What comes next for the row: the soonest timed event, unless the idle rule (which has no time: the
 * host measures idleness itself) could strike sooner, counting from now.
 */
export function nextText(view: LifecycleView, now: Date): string {
  const removal = removalOf(view);
  if (removal) return removalText(removal, now);
  const stopEvents = view.events.filter((e) => !e.kind.startsWith('runtime-warning'));
  const next = stopEvents[0] ?? null;
  const idle = view.lifecycle.idleTimeoutSeconds;
  const keptAlive = view.events.find((e) => e.kind === 'keep-alive-ends');
  // The window-th check in a row is the first that may act: with hourly checks, window - 1 hours from now at least.
  const soonest = idle === null ? 0 : Math.max(idle, (view.idle.detection.window - 1) * 3600);
  if (idle !== null && !keptAlive && (!next || next.at.getTime() - now.getTime() > soonest * 1000)) {
    return `idle stop after ${formatDuration(idle)} idle`;
  }
  return next ? eventText(next, now) : '-';
}

/** Time left until an event, "1h 05m" or "12m". */
export function timeLeft(at: Date, now: Date): string {
  const s = Math.max(0, Math.round((at.getTime() - now.getTime()) / 1000));
  return formatDuration(s);
}

/** Lines for a tooltip or `--verbose`: each rule, why it applies or not, and where it comes from. */
export function explain(view: LifecycleView, now: Date, name = 'it'): string[] {
  const l = view.lifecycle;
  const lines: string[] = [`Host type: ${l.type} (ds01.container_type, else ds01.interface, else name/labels)`];
  // A stopped container: what happens next to it is its removal; the idle and runtime rules are for running ones.
  const removal = removalOf(view);
  if (removal) {
    const s = removalSentence(removal, name === 'it' ? 'it' : `${name} (stopped)`, now);
    return [`${s[0].toUpperCase()}${s.slice(1)}`, ...lines, "Source: the host's resource-limits.yaml and its cron schedule"];
  }
  if (l.idleTimeoutSeconds !== null) {
    const d = view.idle.detection;
    lines.push(
      `Idle stop: after ${formatDuration(l.idleTimeoutSeconds)} without GPU, CPU or network activity, stopped and removed. The host measures idleness itself (GPU utilisation, CPU, network); the time cannot be known from your account. Shorter in the host's high-demand mode.`,
    );
    lines.push(
      `Idle detection: ${d.window} hourly checks in a row must find it idle (your group's policies); none in its first ${formatDuration(d.graceSeconds)} after a start; stopped with ${d.sigtermGraceSeconds} s to shut down`,
    );
  } else lines.push(`Idle stop: none (${view.idle.why})`);
  if (l.keepAliveUntil) lines.push(`Keep-alive: /workspace/.keep-alive honoured until ${formatClock(new Date(l.keepAliveUntil), now)}`);
  if (l.maxRuntimeSeconds !== null) {
    const ends = l.runtimeLimitAt ? `, reached ${formatClock(new Date(l.runtimeLimitAt), now)}` : '';
    const run = l.enforcementAt
      ? `, stopped by the ${formatClock(new Date(l.enforcementAt), now)} run`
      : l.runtimeLimitAt
        ? ', stopped within the hour after'
        : '';
    lines.push(`Max runtime: ${formatDuration(l.maxRuntimeSeconds)}${ends}${run}; warnings at 75% and 90%`);
  } else lines.push(`Max runtime: none (${view.runtime.why})`);
  lines.push("Source: the host's resource-limits.yaml, lifecycle-exemptions.yaml and its cron schedule");
  return lines;
}

/**
 * /workspace/.keep-alive lives in the folder mounted there, not in the container: every container of the user
 * with that folder at /workspace is kept alive by it (`others`: their names).
 */
export function keepAliveSharedNote(folder: string | null, others: string[]): string {
  const where = folder ? `in ${folder}, the folder mounted at /workspace` : 'in the folder mounted at /workspace';
  const also = others.length ? `: ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} kept alive too` : '';
  return `The file is ${where}, so it keeps every container with that folder alive${also}.`;
}
