// The rows of "My images": read from the engine when told they may have changed (a build, a scan), kept until
// the next change, so drawing the tree never reads the engine or waits on it.
import { isProblemError, type Problem } from '../../core/problem';
import { listUserImages, type ImageRow } from '../../host/images';
import type { ReadonlyHostState } from '../host-state';

export class UserImages {
  /** As last read; null before the first read ends. */
  rows: ImageRow[] | null = null;
  problem: Problem | null = null;
  private stale = false;
  private reading = false;

  constructor(private readonly state: Pick<ReadonlyHostState, 'engine' | 'user'>, private readonly read: () => void) {}

  /** They may have changed: read them now, or once more after the read under way. */
  invalidate(): void {
    this.stale = true;
    if (this.reading) return;
    this.stale = false;
    this.reading = true;
    void listUserImages(this.state.engine, this.state.user).then(
      (rows) => { this.rows = rows; this.problem = null; },
      (err: unknown) => { this.problem = isProblemError(err) ? err.problem : { kind: 'internal', message: String(err) }; },
    ).finally(() => {
      this.reading = false;
      if (this.stale) this.invalidate();
      this.read();
    });
  }
}
