// The port relays this window opened (one per container and port, reused), closed with the window or when the
// Jupyter server behind one is stopped.
import type * as vscode from 'vscode';
import type { Engine } from '../../host/engine';
import { openRelay, type Relay } from '../../host/ports/relay';

export class Relays implements vscode.Disposable {
  private readonly open = new Map<string, Promise<Relay>>();
  /** Jupyter servers started from this window: container id -> their ports (Stop Jupyter Lab stops those). */
  readonly jupyter = new Map<string, Set<number>>();

  get count(): number {
    return this.open.size;
  }

  relay(engine: Engine, container: { id: string; displayName: string }, port: number, net: { mode: string; ip: string | null }): Promise<Relay> {
    const key = `${container.id}:${port}`;
    let r = this.open.get(key);
    if (!r) {
      r = openRelay(engine, container, port, net);
      r.catch(() => this.open.delete(key));
      this.open.set(key, r);
    }
    return r;
  }

  /** Closes the relay to this container's port, if this window opened one. */
  async close(containerId: string, port: number): Promise<void> {
    const key = `${containerId}:${port}`;
    const r = this.open.get(key);
    this.open.delete(key);
    await r?.then(
      (x) => x.close(),
      () => undefined,
    );
  }

  dispose(): void {
    for (const r of this.open.values())
      void r.then(
        (x) => x.close(),
        () => undefined,
      );
    this.open.clear();
  }
}
