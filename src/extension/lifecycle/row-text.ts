// A container row's lifecycle text: the next event with the time left ("runtime ends 14:35 · 2h 10m left")
// and the tooltip's explanation of the rules and where they come from.
import { explain, nextText, timeLeft } from '../../core/lifecycle';
import type { LifecycleRowText } from '../tree/ContainerTreeItem';
import type { LifecycleWatch } from './lifecycle-watch';

export function lifecycleRow(watch: LifecycleWatch, id: string, name?: string): LifecycleRowText | undefined {
  const v = watch.view(id);
  if (!v) return undefined;
  const now = watch.clock.now();
  const text = nextText(v, now);
  const keepAlive = !v.idle.applies ? 'none' : v.lifecycle.keepAliveUntil ? 'on' : 'offered';
  if (text === '-') return { next: null, explain: explain(v, now, name), keepAlive };
  const next = v.events.find((e) => !e.kind.startsWith('runtime-warning'));
  const left = next && !text.startsWith('idle stop') ? ` · ${timeLeft(next.at, now)} left` : '';
  return { next: `${text}${left}`, explain: explain(v, now, name), keepAlive };
}
