// The rows of "My images": read from the engine when the tree asks after a change (a build, an engine event),
// kept until the next change, so painting the tree never waits on the engine.
import { isProblemError, type Problem } from '../../core/problem';
import { listUserImages, type ImageRow } from '../../host/images';
import type { ReadonlyHostState } from '../host-state';

export class ImagesSection {
  rows: ImageRow[] | null = null;
  problem: Problem | null = null;
  private stale = true;
  private reading = false;

  constructor(private readonly state: ReadonlyHostState, private readonly changed: () => void) {}

  invalidate(): void {
    this.stale = true;
  }

  /** The rows as last read; starts a read when they may have changed. */
  current(): ImageRow[] | null {
    if (this.stale && !this.reading) {
      this.stale = false;
      this.reading = true;
      void listUserImages(this.state.engine, this.state.user).then(
        (rows) => { this.rows = rows; this.problem = null; },
        (err: unknown) => { this.problem = isProblemError(err) ? err.problem : { kind: 'internal', message: String(err) }; },
      ).finally(() => { this.reading = false; this.changed(); });
    }
    return this.rows;
  }
}
