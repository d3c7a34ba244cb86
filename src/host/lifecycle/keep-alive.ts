// /workspace/.keep-alive through the engine: read its mtime from the archive API's stat header (HEAD
// /containers/{id}/archive, works on stopped containers, runs nothing inside), create or remove it with an
// exec of `touch` / `rm` as argv (no shell), as the host's idle check itself looks for it with `docker exec`.
import type { KeepAlive } from '../../core/lifecycle';
import { WORKSPACE_MOUNT } from '../../core/containers/ownership';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';
import { engineStatus } from '../engine/errors';

export const KEEP_ALIVE_PATH = `${WORKSPACE_MOUNT}/.keep-alive`;

interface PathStat { name: string; size: number; mode: number; mtime: string; linkTarget: string }

/** The engine's stat of a path in the container, or null when it does not exist. */
export async function statInContainer(engine: Engine, id: string, path: string): Promise<PathStat | null> {
  try {
    const res = await engine.call('other', (signal) =>
      engine.docker.getContainer(id).infoArchive({ path, abortSignal: signal }) as Promise<{ headers: Record<string, string>; resume?: () => void }>);
    res.resume?.();
    const header = res.headers['x-docker-container-path-stat'];
    if (!header) return null;
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PathStat;
  } catch (err) {
    if (engineStatus(err) === 404) return null;
    throw err;
  }
}

export async function readKeepAlive(engine: Engine, id: string): Promise<KeepAlive> {
  try {
    const st = await statInContainer(engine, id, KEEP_ALIVE_PATH);
    if (!st) return { kind: 'absent' };
    const at = new Date(st.mtime);
    return Number.isNaN(at.getTime()) ? { kind: 'unknown', why: `the engine gave no time for ${KEEP_ALIVE_PATH}` } : { kind: 'present', modifiedAt: at };
  } catch (err) {
    return { kind: 'unknown', why: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs argv in the container (no shell) and returns its exit code and output. */
export async function execArgv(engine: Engine, id: string, argv: string[]): Promise<{ exitCode: number | null; output: string }> {
  const container = engine.docker.getContainer(id);
  const exec = await engine.call('other', () => container.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true }));
  const stream = await engine.call('other', () => exec.start({ hijack: true, stdin: false }));
  const chunks: Buffer[] = [];
  await engine.call('other', () => new Promise<void>((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  }));
  const info = await engine.call('other', () => exec.inspect());
  return { exitCode: info.ExitCode ?? null, output: demux(Buffer.concat(chunks)) };
}

/** The engine multiplexes stdout/stderr in 8-byte-headed frames when there is no TTY. */
function demux(buf: Buffer): string {
  const parts: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    parts.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(parts).toString('utf8').trim();
}

/** Creates/refreshes (`touch`) or removes (`rm -f`) the keep-alive file; throws a problem on failure. */
export async function writeKeepAlive(engine: Engine, id: string, name: string, on: boolean): Promise<void> {
  const argv = on ? ['touch', KEEP_ALIVE_PATH] : ['rm', '-f', KEEP_ALIVE_PATH];
  const r = await execArgv(engine, id, argv);
  if (r.exitCode !== 0) {
    throw problem('engine-error', `${argv.join(' ')} failed in ${name} (exit ${r.exitCode ?? 'unknown'}${r.output ? `: ${r.output}` : ''}).`,
      on ? `Check that ${WORKSPACE_MOUNT} is writable in ${name}.` : `Remove ${KEEP_ALIVE_PATH} from a terminal in ${name}.`);
  }
}
