// --json of the container commands: deploy (also the detached GPU waiter's answer, read by the extension),
// retire, keep-alive and list. Each is the success record; on failure they write failedJson (./problem.ts).
import { z } from 'zod';
import { CLAIM_EVIDENCE, OWNER_EVIDENCE } from '../containers/ownership';
import { CONTAINER_STATES } from '../model';

export const deployJson = z.strictObject({
  ok: z.literal(true),
  id: z.string(),
  name: z.string(),
  hostName: z.string(),
  image: z.string(),
  /** Slot ids ('2', '1.1'), in the order given. */
  slots: z.array(z.string()),
  gpuUuids: z.array(z.string()),
  /** The user's cgroup slice; null where the host has none for them. */
  cgroupParent: z.string().nullable(),
  /** Limits lowered to what this machine has ("4 CPUs allowed, this host has 2"). */
  fittedToHost: z.array(z.strictObject({ resource: z.enum(['cpus', 'memory']), allowed: z.number(), host: z.number(), text: z.string() })),
});
export type DeployJson = z.infer<typeof deployJson>;

export const retireJson = z.strictObject({ ok: z.literal(true), id: z.string(), name: z.string(), hostName: z.string(), removed: z.literal(true) });
export type RetireJson = z.infer<typeof retireJson>;

export const keepAliveJson = z.strictObject({
  ok: z.literal(true),
  name: z.string(),
  hostName: z.string(),
  keepAlive: z.boolean(),
  keepAliveUntil: z.string().nullable(),
});
export type KeepAliveJson = z.infer<typeof keepAliveJson>;

const isoTime = z.string().nullable();
const lifecycleJson = z.strictObject({
  type: z.string(),
  idleTimeoutSeconds: z.number().nullable(),
  maxRuntimeSeconds: z.number().nullable(),
  runtimeLimitAt: isoTime,
  enforcementAt: isoTime,
  keepAliveUntil: isoTime,
  gpuReleaseAt: isoTime,
  removeAt: isoTime,
});

/**
 * A container as a front end shows it: the tree's row, and `ds01 container list --json`'s record less what the
 * CLI adds (containerRowJson). Made from the domain container by host/containers/list toRow.
 */
export const containerRow = z.strictObject({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  state: z.enum(CONTAINER_STATES),
  running: z.boolean(),
  image: z.string(),
  /** ISO time: the row is what is written out. */
  createdAt: z.string(),
  /** Slot ids ('2', '1.1'); a device the inventory does not know is shown as its UUID. */
  slots: z.array(z.string()),
  gpuUuids: z.array(z.string()),
  protected: z.boolean(),
  /** Host folder mounted at /workspace, or null. */
  workspace: z.string().nullable(),
  /** How it is known to be the user's: `uid` proves it; a label anyone can write does not; null with `claim`: counted only. */
  ownerEvidence: z.enum(OWNER_EVIDENCE).nullable(),
  /** Counted for the user only from a `/home/<user>/...` path (as the host's tracker counts it); no rights. */
  claim: z.strictObject({ user: z.string(), evidence: z.enum(CLAIM_EVIDENCE), path: z.string() }).nullable(),
});
export type ContainerRow = z.infer<typeof containerRow>;

export const containerRowJson = containerRow.extend({
  /** null: nvidia-smi was not read. */
  gpuProcesses: z.array(z.strictObject({ pid: z.number(), slot: z.string(), usedMemoryMiB: z.number().nullable() })).nullable(),
  gpuMemoryMiB: z.number().nullable(),
  gpuUtilization: z.array(z.strictObject({ slot: z.string(), utilizationPercent: z.number().nullable() })).nullable(),
  /** null: no readable limits file, so no lifecycle model. */
  lifecycle: lifecycleJson.nullable(),
});

export const containerListJson = z.strictObject({ ok: z.literal(true), containers: z.array(containerRowJson), hiddenStopped: z.number() });
export type ContainerListJson = z.infer<typeof containerListJson>;
