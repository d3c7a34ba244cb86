// Reads every container once and classifies it (src/core/containers/ownership). One unfiltered list call: Docker
// ANDs label filters of different keys and label with name filters (measured on dockerd 20.10), while
// DS01's rule is an OR of label, name and cgroup parent, and foreign containers can hold GPUs too.
// Inspect only for entries the list cannot answer for (no owner or no GPU label).
import type { Ds01Container } from '../../core/model';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  classifyContainer,
  labelGpuIds,
  needsInspect,
  type Classified,
  type ContainerInspect,
  type ContainerListEntry,
  type OwnershipOptions,
} from '../../core/containers/ownership';
import { accountsNamed } from '../users/lookup';
import { isProblemError } from '../../core/problem';
import type { UnreadableContainer } from '../../core/containers/unreadable';
import type { Engine } from './connect';
import { engineStatus } from './errors';

export interface ContainerScan {
  /** DS01's containers, stopped ones included (they still hold GPUs). */
  ds01: Ds01Container[];
  /** Containers that are not DS01's but hold GPUs: they still take slots (owner null unless labelled). */
  foreignGpuHolders: Ds01Container[];
  /**
   * Containers whose inspect the engine refused: each is also in `ds01` or `foreignGpuHolders` as far as
   * its list entry tells (owner and GPUs from labels), and `usageGaps` says which figures they leave unknown.
   */
  unreadable: UnreadableContainer[];
  /** How many containers the list returned, and how many were inspected. */
  listed: number;
  inspected: number;
}

/** Every container that holds GPUs, DS01's or not: what slot holders and free slots are computed over. */
export function gpuHolders(scan: Pick<ContainerScan, 'ds01' | 'foreignGpuHolders'>): Ds01Container[] {
  return [...scan.ds01, ...scan.foreignGpuHolders];
}

export interface ScanOptions extends OwnershipOptions {
  /** Parallel inspects; the engine answers each in about a millisecond. */
  concurrency?: number;
  /** Who owns a bind mount's source (tests); by default the file system's answer. */
  pathOwner?: (path: string) => number | null;
}

/** An inspect answer; null: removed since the list; a string: the engine refused (its words). */
type InspectAnswer = ContainerInspect | null | string;

async function inspectAll(engine: Engine, entries: ContainerListEntry[], concurrency: number): Promise<Map<string, InspectAnswer>> {
  const answers = new Map<string, InspectAnswer>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < entries.length) {
      const id = entries[next++].Id;
      try {
        answers.set(id, await engine.inspectContainer(id));
      } catch (err) {
        // Removed between the list and the inspect: it holds nothing any more.
        if (engineStatus(err) === 404) answers.set(id, null);
        // The engine answered but would not tell (an authorization policy, a 500): this container alone is
        // unknown. An engine that does not answer at all still fails the scan.
        else if (isProblemError(err) && err.problem.kind === 'engine-error') answers.set(id, engineWords(err.problem.message));
        else throw err;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  return answers;
}

/** "HTTP 403: authorization denied by ..." out of engine-error's sentence. */
function engineWords(message: string): string {
  const m = /\((HTTP \d+)\): (.*)$/s.exec(message);
  return m ? `${m[1]}: ${m[2]}` : message;
}

export async function scanContainers(engine: Engine, options: ScanOptions = {}): Promise<ContainerScan> {
  const entries = await engine.listContainers();
  const toInspect = entries.filter(needsInspect);
  const inspects = await inspectAll(engine, toInspect, options.concurrency ?? 8);
  const scan: ContainerScan = { ds01: [], foreignGpuHolders: [], unreadable: [], listed: entries.length, inspected: toInspect.length };
  const classified: Classified[] = [];
  for (const entry of entries) {
    const inspect = inspects.get(entry.Id);
    if (inspect === null) continue;
    const refused = typeof inspect === 'string';
    const c = classifyContainer(entry, refused ? undefined : inspect, options);
    if (refused) scan.unreadable.push({ container: c.container, gpusKnown: labelGpuIds(c.container.labels) !== null, reason: inspect });
    classified.push(c);
  }
  checkClaims(classified, options.pathOwner ?? pathOwnerUid);
  for (const { isDs01, container } of classified) {
    // A container the host's tracker counts for a user is counted here too, DS01 labels or not.
    if (isDs01 || container.claim) scan.ds01.push(container);
    else if (container.gpuUuids.length > 0) scan.foreignGpuHolders.push(container);
  }
  return scan;
}

/**
 * _detect_owner's checks on a `/home/<user>/...` claim: the user must be an account here, and a bind mount's
 * source (or its nearest existing parent) must belong to them. The first claim that passes is the container's.
 */
function checkClaims(classified: Classified[], pathOwner: (path: string) => number | null): void {
  const withClaims = classified.filter((c) => c.claims.length > 0);
  if (withClaims.length === 0) return;
  const accounts = accountsNamed(withClaims.flatMap((c) => c.claims.map((claim) => claim.user)));
  for (const c of withClaims) {
    c.container.claim =
      c.claims.find((claim) => {
        const account = accounts.get(claim.user);
        return account !== undefined && (claim.evidence !== 'bind mount' || pathOwner(claim.path) === account.uid);
      }) ?? null;
  }
}

/** The uid owning `path`, or its nearest existing parent (as the tracker checks it); null when none can be read. */
export function pathOwnerUid(path: string): number | null {
  let p = resolve(path);
  for (;;) {
    try {
      return statSync(p).uid;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || p === dirname(p)) return null;
      p = dirname(p);
    }
  }
}
