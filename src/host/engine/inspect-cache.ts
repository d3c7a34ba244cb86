// What an inspect tells about a container and that never changes in its life (labels, image, mounts, cgroup
// parent, device requests), kept by container id, so a scan inspects only containers it has not seen before:
// with 1000 containers a third of which carry no DS01 labels, that was hundreds of engine round trips a run.
// State and name change, so they are not kept: the list, read fresh every scan, says those.
// In memory for a long-lived front end (the extension's Engine); in the user's cache folder for the CLI,
// validated on reading, and pruned of ids the engine no longer lists.
// The same cache keeps what the lifecycle reads of an inspect (start and finish times, device requests): the times
// change when a container starts or stops, and each such change is a container event, so an answer stays true
// until an event names its container. It is kept only while this Engine's event subscription is live (a long-lived
// front end follows events; the CLI does not), in memory, and not when an event naming it came while it was asked for.
import type { ContainerInspect } from '../../core/containers/ownership';
import { parseInspectRecords, serializeInspectRecords } from '../../core/engine/inspect-record-file';
import { lastingPart, type LastingInspect } from '../../core/engine/inspect-record';
import { privateDir, readPrivateFile, writePrivateFile } from '../private-files';

export type { LastingInspect };

/** What the lifecycle reads of an inspect. */
export type LifecycleInspect = Pick<ContainerInspect, 'State' | 'HostConfig'>;

export function lifecyclePart(i: ContainerInspect): LifecycleInspect {
  return {
    State: i.State ? { StartedAt: i.State.StartedAt, FinishedAt: i.State.FinishedAt } : i.State,
    HostConfig: i.HostConfig ? { DeviceRequests: i.HostConfig.DeviceRequests } : i.HostConfig,
  };
}

export class InspectCache {
  protected entries = new Map<string, LastingInspect>();
  /** True when update() changed what is kept. */
  protected changed = false;
  private lifecycle = new Map<string, LifecycleInspect>();
  /** Live event subscriptions of the Engine. */
  private following = 0;
  /** Counts subscription changes: an answer asked for before one is not kept. */
  private epoch = 0;
  /** Counts the events naming each container: an answer asked for before one naming it is not kept. */
  private namedCount = new Map<string, number>();

  get(id: string): LastingInspect | undefined {
    return this.entries.get(id);
  }

  /** Reads what is kept elsewhere now (else it is read at the first get). */
  load(): void {}

  lifecycleOf(id: string): LifecycleInspect | undefined {
    return this.lifecycle.get(id);
  }

  /** A mark to give keepLifecycle: the answer is kept only if no event named `id` (and none ended a subscription) since. */
  mark(id: string): string {
    return `${this.epoch}:${this.namedCount.get(id) ?? 0}`;
  }

  keepLifecycle(id: string, answer: LifecycleInspect, mark: string): void {
    if (this.following > 0 && mark === this.mark(id)) this.lifecycle.set(id, answer);
  }

  /** The Engine's event subscription started (true) or ended: what was kept may be old either way. */
  followed(on: boolean): void {
    this.following += on ? 1 : -1;
    this.epoch += 1;
    this.lifecycle.clear();
  }

  /** A container event: its container's answer no longer holds, and one in flight for it may be older. */
  named(id: string): void {
    this.namedCount.set(id, (this.namedCount.get(id) ?? 0) + 1);
    this.lifecycle.delete(id);
  }

  /** After a scan: adds the new answers (not refusals), forgets every id the list no longer has, and keeps the result. */
  update(answers: Map<string, ContainerInspect | string | null>, listed: ReadonlySet<string>): void {
    // Removed: its event may have come before its answer was kept.
    for (const id of [...this.lifecycle.keys()]) if (!listed.has(id)) this.lifecycle.delete(id);
    for (const id of [...this.namedCount.keys()]) if (!listed.has(id)) this.namedCount.delete(id);
    for (const [id, answer] of answers) {
      // A refused inspect (its reason, a string) is asked again next time.
      if (answer !== null && typeof answer === 'object') {
        this.entries.set(id, lastingPart(answer));
        this.changed = true;
      }
    }
    for (const id of [...this.entries.keys()]) {
      if (!listed.has(id)) {
        this.entries.delete(id);
        this.changed = true;
      }
    }
  }
}

/** The CLI's: one file per engine in the user's cache folder, read at the first scan, written when it changed. */
export class FileInspectCache extends InspectCache {
  private loaded = false;

  constructor(
    private readonly dir: string,
    private readonly endpoint: string,
  ) {
    super();
  }

  private get name(): string {
    return `inspects-${fingerprint(this.endpoint)}.json`;
  }

  override get(id: string): LastingInspect | undefined {
    this.load();
    return super.get(id);
  }

  override update(answers: Map<string, ContainerInspect | string | null>, listed: ReadonlySet<string>): void {
    this.load();
    this.changed = false;
    super.update(answers, listed);
    if (this.changed && privateDir(this.dir)) writePrivateFile(this.dir, this.name, serializeInspectRecords(this.entries, this.endpoint));
  }

  override load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!privateDir(this.dir)) return;
    const file = readPrivateFile(this.dir, this.name);
    const kept = file ? parseInspectRecords(file.data.toString('utf8'), this.endpoint) : null;
    if (kept) this.entries = kept;
  }
}

/** A short stable name for an engine address (FNV-1a), for cache file names. */
export function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
