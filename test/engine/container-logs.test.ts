// A container's log through the engine: stdout and stderr apart (non-TTY, demultiplexed) or one raw stream
// (TTY), the tail, a followed stream stopped from here, CUDA failures told for a container, a stopped
// container's note with the host's reason, and the CLI as a real process.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProblemError } from '../../src/core/problem';
import { openOwnLogs, type LogSink } from '../../src/host/container-logs/own-logs';
import type { LogSource } from '../../src/host/engine';
import { IMAGE, RUN_LABEL, removeRunContainers, runId, testEngine, testDocker } from './helpers';
import { testUser } from '../unit/helpers/records';
import { waitFor } from '../vscode/wait-for';

const docker = testDocker();

const engine = testEngine();
const uid = process.getuid!();
const me = testUser({ name: 'root', uid });
const ROOT = join(__dirname, '../..');

async function run(name: string, script: string, opts: { tty?: boolean; wait?: boolean; owner?: string; ownerUid?: number } = {}) {
  const c = await docker.createContainer({
    name: `${runId}-${name}._.${opts.ownerUid ?? uid}`,
    Image: IMAGE,
    Cmd: ['/bin/busybox', 'sh', '-c', script],
    Tty: opts.tty === true,
    Labels: { 'ds01.user': opts.owner ?? 'root', 'ds01.managed': 'true', 'ds01.container_type': 'atomic', [RUN_LABEL]: runId },
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
  if (opts.wait) await c.wait();
  return c;
}

function collect(): LogSink & { lines: Array<[LogSource, string]>; failures: Array<{ kind: string; next: string; explanation: string }> } {
  const lines: Array<[LogSource, string]> = [];
  const failures: Array<{ kind: string; next: string; explanation: string }> = [];
  return { lines, failures, line: (s, t) => lines.push([s, t]), failure: (f, a) => failures.push({ kind: f.kind, ...a }) };
}

describe('container logs on a real engine', function () {
  this.timeout(30_000);
  after(async () => {
    await removeRunContainers(docker);
  });

  it('non-TTY: stdout and stderr come apart, in order per stream; --tail keeps the last lines', async () => {
    await run('split', 'echo out-1; echo err-1 >&2; echo out-2; printf "no-newline"', { wait: true });
    const sink = collect();
    const logs = await openOwnLogs(engine, me, `${runId}-split`, { follow: false }, sink);
    await logs.done;
    assert.deepEqual(
      sink.lines.filter(([s]) => s === 'stdout').map(([, t]) => t),
      ['out-1', 'out-2', 'no-newline'],
    );
    assert.deepEqual(
      sink.lines.filter(([s]) => s === 'stderr').map(([, t]) => t),
      ['err-1'],
    );
    const tail = collect();
    await (
      await openOwnLogs(engine, me, `${runId}-split`, { follow: false, tail: 1 }, tail)
    ).done;
    assert.deepEqual(
      tail.lines.map(([, t]) => t),
      ['no-newline'],
    );
  });

  it('TTY: one raw stream, all of it stdout (no frame headers in the text)', async () => {
    await run('tty', 'echo tty-out; echo tty-err >&2', { tty: true, wait: true });
    const sink = collect();
    const logs = await openOwnLogs(engine, me, `${runId}-tty`, { follow: false }, sink);
    await logs.done;
    assert.equal(logs.state.tty, true);
    assert.deepEqual(sink.lines, [
      ['stdout', 'tty-out'],
      ['stdout', 'tty-err'],
    ]);
  });

  it('follow: lines arrive while the container writes; stop() ends the stream and nothing comes after', async () => {
    await run('follow', 'i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.2; done');
    const sink = collect();
    const logs = await openOwnLogs(engine, me, `${runId}-follow`, { follow: true, tail: 0 }, sink);
    await waitFor('three followed lines', () => sink.lines.length >= 3, 10_000, 50);
    logs.stop();
    await logs.done;
    const seen = sink.lines.length;
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(sink.lines.length, seen, 'no line after stop()');
    assert.match(sink.lines[0][1], /^tick-\d+$/);
    assert.equal(logs.stopNote, null, 'running: no stop note');
  });

  it('CUDA failures in the log are told for a container: out of memory with its fix, "no GPU" not as a blocked host', async () => {
    await run(
      'cuda',
      'echo "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB." >&2; sleep 0.5; i=0; while [ $i -lt 30 ]; do echo step $i; i=$((i+1)); done; sleep 0.5; echo "RuntimeError: No CUDA GPUs are available" >&2',
      { wait: true },
    );
    const sink = collect();
    await (
      await openOwnLogs(engine, me, `${runId}-cuda`, { follow: false }, sink)
    ).done;
    assert.deepEqual(
      sink.failures.map((f) => f.kind),
      ['out-of-memory', 'blocked-host'],
    );
    assert.match(sink.failures[0].next, /ds01 container stats .*-cuda.*batch size/);
    assert.match(sink.failures[1].explanation, /has no GPU/);
    assert.doesNotMatch(sink.failures[1].explanation, /blocked on this host/);
  });

  it("a stopped container ends with when, its exit code, and the host's reason from its event log", async () => {
    const c = await run('stopped', 'echo last words; exit 3', { wait: true });
    const info = await c.inspect();
    const logDir = mkdtempSync(join(tmpdir(), 'ds01-logs-'));
    writeFileSync(
      join(logDir, 'events.jsonl'),
      `${JSON.stringify({ timestamp: info.State.FinishedAt, event_type: 'maintenance.runtime_kill', user: 'root', details: { container: info.Name.slice(1), runtime: '48h' } })}\n`,
    );
    const sink = collect();
    const logs = await openOwnLogs(engine, me, `${runId}-stopped`, { follow: false }, sink, { DS01_LOG_DIR: logDir });
    await logs.done;
    assert.deepEqual(sink.lines, [['stdout', 'last words']]);
    assert.match(logs.stopNote ?? '', /stopped at \d\d:\d\d with exit code 3: stopped by the host's max-runtime enforcement after 48h\.$/);
    const plain = await openOwnLogs(engine, me, `${runId}-stopped`, { follow: false }, collect(), { DS01_LOG_DIR: '/nonexistent' });
    assert.match(plain.stopNote ?? '', /with exit code 3\.$/, 'no event log: no reason made up');
  });

  it('refuses a container that is not mine and one that is gone, each in one line', async () => {
    await run('alices', 'sleep 100', { owner: 'alice', ownerUid: 4242 });
    await assert.rejects(
      openOwnLogs(engine, me, `${runId}-alices._.4242`, { follow: false }, collect()),
      (e) => isProblemError(e) && e.problem.kind === 'not-owner',
    );
    await assert.rejects(
      openOwnLogs(engine, me, `${runId}-never-was`, { follow: false }, collect()),
      (e) => isProblemError(e) && e.problem.kind === 'not-found',
    );
  });

  describe('ds01 container logs as a real process', () => {
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'container', 'logs', ...args], {
        env: { ...process.env, NO_COLOR: '1', DS01_LOG_DIR: '/nonexistent' },
        encoding: 'utf8',
        timeout: 20_000,
      });

    it('stdout to stdout, stderr to stderr; --tail and --since; the stop note last on stderr', () => {
      const r = cli([`${runId}-split`]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'out-1\nout-2\nno-newline\n');
      assert.match(r.stderr, /^err-1\nds01: .*-split stopped at \d\d:\d\d with exit code 0\.\n$/);
      assert.equal(cli([`${runId}-split`, '--tail', '1']).stdout, 'no-newline\n');
      assert.equal(cli([`${runId}-split`, '--since', '2099-01-01T00:00']).stdout, '', 'nothing after a time to come');
    });

    it('--follow of a stopped container prints its lines and ends', () => {
      const r = cli([`${runId}-stopped`, '--follow']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'last words\n');
    });

    it('bad input: one line naming the value and the fix, exit 2; not mine: exit 1', () => {
      const tail = cli([`${runId}-split`, '--tail', 'lots']);
      assert.equal(tail.status, 2);
      assert.match(tail.stderr, /--tail "lots" is not a line count\.\n.*--tail 100/);
      const since = cli([`${runId}-split`, '--since', 'yesterday']);
      assert.equal(since.status, 2);
      assert.match(since.stderr, /--since "yesterday" is not a time/);
      const other = cli([`${runId}-alices._.4242`]);
      assert.equal(other.status, 1);
      assert.match(other.stderr, /belongs to alice/);
    });
  });
});
