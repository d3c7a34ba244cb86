// Ctrl-C, SIGTERM or a closed terminal (SIGHUP) during work that must end cleanly (a build, a deploy): the signal
// only asks the work to stop, and the process ends once the work has finished or undone itself.

/**
 * The first such signal while `running()` says `ds01: SIGNAL: <stopping>` and aborts `abort`. The listeners stay
 * until the process ends: a late signal must not kill the process before it has said what it did (removing them
 * would restore the default action, death without a word).
 */
export function abortOnSignals(abort: AbortController, stopping: string, running: () => boolean = () => true): void {
  const onSignal = (s: NodeJS.Signals) => {
    if (!running() || abort.signal.aborted) return;
    process.stderr.write(`\nds01: ${s}: ${stopping}\n`);
    abort.abort();
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
}
