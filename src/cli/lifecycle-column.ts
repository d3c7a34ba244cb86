// The lifecycle part of `ds01 container list`: the NEXT column and the `lifecycle` JSON field, kept apart
// from the list itself. Without a readable limits file there is no model: the column says so, JSON gives null.
import { nextText, type Lifecycle, type LifecycleView } from '../core/lifecycle';
import type { Ds01Container, UserAsOwner } from '../core/model';
import type { Actor } from '../host/containers';
import { containerLifecycleView, lifecycleSources } from '../host/lifecycle';

export async function lifecycleViews(ctx: Actor, user: UserAsOwner, containers: Ds01Container[], now: Date): Promise<Map<string, LifecycleView>> {
  const views = new Map<string, LifecycleView>();
  if (!ctx.sources) return views;
  const src = lifecycleSources(ctx.sources, ctx.paths.configFile);
  for (const c of containers) views.set(c.id, await containerLifecycleView(ctx.engine, c, user, src, now));
  return views;
}

/** `lifecycle` of one JSON row: exactly the model's record, or null when it could not be worked out. */
export function lifecycleJson(views: Map<string, LifecycleView>, id: string): Lifecycle | null {
  return views.get(id)?.lifecycle ?? null;
}

/** The NEXT cell: what the host does next and when. */
export function nextCell(views: Map<string, LifecycleView>, id: string, now: Date): string {
  const v = views.get(id);
  return v ? nextText(v, now) : 'unknown (no limits file)';
}
