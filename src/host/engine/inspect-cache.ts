// What an inspect tells about a container and that never changes in its life (labels, image, mounts, cgroup
// parent, device requests), kept by container id, so a scan inspects only containers it has not seen before:
// with 1000 containers a third of which carry no DS01 labels, that was hundreds of engine round trips a run.
// State and name change, so they are not kept: the list, read fresh every scan, says those.
// In memory for a long-lived front end (the extension's Engine); in the user's cache folder for the CLI,
// validated on reading, and pruned of ids the engine no longer lists.
import type { ContainerInspect } from '../../core/containers/ownership';
import { parseInspectRecords, serializeInspectRecords } from '../../core/engine/inspect-record-file';
import { lastingPart, type LastingInspect } from '../../core/engine/inspect-record';
import { privateDir, readPrivateFile, writePrivateFile } from '../private-files';

export type { LastingInspect };

export interface InspectCache {
  get(id: string): LastingInspect | undefined;
  /** Reads what is kept elsewhere now (else it is read at the first get). */
  load?(): void;
  /** After a scan: adds the new answers (not refusals), forgets every id the list no longer has, and keeps the result. */
  update(answers: Map<string, ContainerInspect | string | null>, listed: ReadonlySet<string>): void;
}

export class MemoryInspectCache implements InspectCache {
  protected entries = new Map<string, LastingInspect>();
  /** True when update() changed what is kept. */
  protected changed = false;

  get(id: string): LastingInspect | undefined {
    return this.entries.get(id);
  }

  update(answers: Map<string, ContainerInspect | string | null>, listed: ReadonlySet<string>): void {
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
export class FileInspectCache extends MemoryInspectCache {
  private loaded = false;

  constructor(private readonly dir: string, private readonly endpoint: string) {
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

  load(): void {
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
