// The rows of "My images": read from the engine when told they may have changed (a build, a scan), kept until
// the next change, so drawing the tree never reads the engine or waits on it. Only once the view has been
// shown: the many windows that never open it read no images.
import { isProblemError, type Problem } from '../../core/problem';
import { listUserImages, type ImageRow } from '../../host/images';
import type { ReadonlyHostState } from '../host-state';

export class UserImages {
  /** As last read; null before the first read ends. */
  rows: ImageRow[] | null = null;
  problem: Problem | null = null;
  private stale = true;
  private shown = false;
  private reading = false;

  constructor(
    private readonly state: Pick<ReadonlyHostState, 'engine' | 'user'>,
    private readonly read: () => void,
  ) {}

  /** Call when the view's visibility may have changed: the first time it shows, the images are read. */
  update(visible: boolean): void {
    if (!visible || this.shown) return;
    this.shown = true;
    if (this.stale) this.invalidate();
  }

  /** They may have changed: read them now (or once more after the read under way) if the view was shown. */
  invalidate(): void {
    this.stale = true;
    if (this.reading || !this.shown) return;
    this.stale = false;
    this.reading = true;
    void listUserImages(this.state.engine, this.state.user)
      .then(
        (rows) => {
          this.rows = rows;
          this.problem = null;
        },
        (err: unknown) => {
          this.problem = isProblemError(err) ? err.problem : { kind: 'internal', message: String(err) };
        },
      )
      .finally(() => {
        this.reading = false;
        if (this.stale) this.invalidate();
        this.read();
      });
  }
}
