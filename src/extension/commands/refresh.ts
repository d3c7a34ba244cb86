// DS01: Refresh — reads nvidia-smi and the engine now, and reconnects to the engine's events if needed.
import type { Ds01Context } from '../context';

export async function refresh(ctx: Ds01Context): Promise<void> {
  ctx.log.info('refresh requested');
  await ctx.state.refreshAll();
}
