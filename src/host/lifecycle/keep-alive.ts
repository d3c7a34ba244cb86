// /workspace/.keep-alive through the engine: read its mtime from the archive API's stat header (HEAD
// /containers/{id}/archive, works on stopped containers, runs nothing inside), create or remove it with an
// exec of `touch` / `rm` as argv (no shell), as the host's idle check itself looks for it with `docker exec`.
// An image without `touch` gets the file through the archive upload (PUT /containers/{id}/archive) instead; one
// without `rm` gets it back with a time over 24 h old, which the host's idle check ignores like no file.
import type { KeepAlive } from '../../core/lifecycle';
import { WORKSPACE_MOUNT } from '../../core/containers/ownership';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';

export const KEEP_ALIVE_PATH = `${WORKSPACE_MOUNT}/.keep-alive`;

export async function readKeepAlive(engine: Engine, id: string): Promise<KeepAlive> {
  try {
    const st = await engine.statPath(id, KEEP_ALIVE_PATH);
    if (!st) return { kind: 'absent' };
    const at = new Date(st.mtime);
    return Number.isNaN(at.getTime()) ? { kind: 'unknown', why: `the engine gave no time for ${KEEP_ALIVE_PATH}` } : { kind: 'present', modifiedAt: at };
  } catch (err) {
    return { kind: 'unknown', why: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Creates/refreshes (`touch`) or removes (`rm -f`) the keep-alive file; throws a problem on failure. Says how:
 * 'exec', or 'archive' where the image lacks the program (off then leaves an expired file).
 */
export async function writeKeepAlive(engine: Engine, id: string, name: string, on: boolean, now: Date = new Date()): Promise<'exec' | 'archive'> {
  const argv = on ? ['touch', KEEP_ALIVE_PATH] : ['rm', '-f', KEEP_ALIVE_PATH];
  const r = await engine.runInContainer(id, argv);
  if (r.exitCode === 0) return 'exec';
  if (lacksProgram(r)) {
    await uploadKeepAlive(engine, id, name, on ? now : new Date(0), argv[0]);
    return 'archive';
  }
  throw problem(
    'engine-error',
    `${argv.join(' ')} failed in ${name} (exit ${r.exitCode ?? 'unknown'}${r.output ? `: ${r.output}` : ''}).`,
    on ? `Check that ${WORKSPACE_MOUNT} is writable in ${name}.` : `Remove ${KEEP_ALIVE_PATH} from a terminal in ${name}.`,
  );
}

/** The engine's answer for an exec whose program the image lacks: 126/127 with "not found" in the output. */
function lacksProgram(r: { exitCode: number | null; output: string }): boolean {
  return (r.exitCode === 127 || r.exitCode === 126) && /not found|no such file/i.test(r.output);
}

async function uploadKeepAlive(engine: Engine, id: string, name: string, mtime: Date, program: string): Promise<void> {
  try {
    await engine.uploadArchive(id, WORKSPACE_MOUNT, emptyFileTar('.keep-alive', mtime));
  } catch (err) {
    throw problem(
      'engine-error',
      `The image of ${name} has no \`${program}\`, and the engine could not write ${KEEP_ALIVE_PATH} (${err instanceof Error ? err.message : String(err)}).`,
      `Check that ${WORKSPACE_MOUNT} is writable in ${name}, or add \`${program}\` to the image.`,
    );
  }
}

/** A ustar archive of one empty regular file (mode 0644), as the archive upload takes it. */
export function emptyFileTar(fileName: string, mtime: Date): Buffer {
  const header = Buffer.alloc(512);
  const field = (value: string, offset: number, length: number) => header.write(value, offset, length, 'ascii');
  const octal = (n: number, length: number) => `${n.toString(8).padStart(length - 1, '0')}\0`;
  field(fileName, 0, 100);
  field(octal(0o644, 8), 100, 8);
  field(octal(0, 8), 108, 8);
  field(octal(0, 8), 116, 8);
  field(octal(0, 12), 124, 12);
  field(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12);
  field('        ', 148, 8);
  field('0', 156, 1);
  field('ustar\0', 257, 6);
  field('00', 263, 2);
  let sum = 0;
  for (const b of header) sum += b;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return Buffer.concat([header, Buffer.alloc(1024)]);
}
