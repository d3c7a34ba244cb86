// --json of the commands about what runs inside a container: pause, unpause, ports, stats (--watch: one line each).
import { z } from 'zod';
import { STATS_FIELDS } from '../container-stats/stats';
import { CONTAINER_STATES } from '../model';

export const pauseJson = z.strictObject({
  ok: z.literal(true),
  name: z.string(),
  hostName: z.string(),
  paused: z.literal(true),
  /** The host sets no maximum pause time. */
  maxPauseSeconds: z.null(),
  meaning: z.array(z.string()),
});
export type PauseJson = z.infer<typeof pauseJson>;

export const unpauseJson = z.strictObject({ ok: z.literal(true), name: z.string(), hostName: z.string(), paused: z.literal(false) });
export type UnpauseJson = z.infer<typeof unpauseJson>;

export const portsJson = z.strictObject({
  ok: z.literal(true),
  name: z.string(),
  network: z.strictObject({ mode: z.string(), ip: z.string().nullable() }),
  ports: z.array(
    z.strictObject({
      port: z.number(),
      address: z.string(),
      loopbackOnly: z.boolean(),
      /** The ssh -L that reaches it from the user's machine, or null with `why`. */
      command: z.string().nullable(),
      url: z.string().nullable(),
      why: z.string().nullable(),
    }),
  ),
});
export type PortsJson = z.infer<typeof portsJson>;

const FIGURES = [...STATS_FIELDS, 'gpuMemoryMiB', 'gpuUtilizationPercent'] as const;
const figures = Object.fromEntries(FIGURES.map((f) => [f, z.number().nullable()])) as Record<(typeof FIGURES)[number], z.ZodNullable<z.ZodNumber>>;

export const statsRowJson = z.strictObject({
  name: z.string(),
  hostName: z.string(),
  state: z.enum(CONTAINER_STATES),
  slots: z.array(z.string()),
  ...figures,
  /** Why each null figure is null, by its name. */
  unknown: z.partialRecord(z.enum(FIGURES), z.string()),
});

export const statsJson = z.strictObject({ ok: z.literal(true), containers: z.array(statsRowJson) });
export type StatsJson = z.infer<typeof statsJson>;
/** `--watch --json`: one such line every 2 s. */
export const statsWatchLine = z.strictObject({ ok: z.literal(true), at: z.string(), containers: z.array(statsRowJson) });
export type StatsWatchLine = z.infer<typeof statsWatchLine>;

/** `container jupyter`: started (with how to reach it, or why it cannot be reached), or `--stop`ped. */
export const jupyterJson = z.union([
  z.strictObject({
    ok: z.literal(true),
    name: z.string(),
    port: z.number(),
    token: z.string(),
    url: z.string().nullable(),
    forward: z.string().nullable(),
    why: z.string().nullable(),
  }),
  z.strictObject({ ok: z.literal(true), name: z.string(), port: z.number(), stopped: z.literal(true) }),
]);
export type JupyterJson = z.infer<typeof jupyterJson>;
