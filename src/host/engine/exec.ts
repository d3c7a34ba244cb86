// A program run inside a container through the engine (exec, argv, no shell): to its end, or as a connection.
import type Dockerode from 'dockerode';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import type { Engine } from './connect';

export interface ExecResult {
  exitCode: number | null;
  /** stdout and stderr together, trimmed. */
  output: string;
}

export async function runInContainer(engine: Engine, client: Dockerode, id: string, argv: string[]): Promise<ExecResult> {
  const exec = await engine.call('other', () => client.getContainer(id).exec({ Cmd: argv, AttachStdout: true, AttachStderr: true }), id);
  const stream = await engine.call('other', () => exec.start({ hijack: true, stdin: false }), id);
  const chunks: Buffer[] = [];
  await engine.call(
    'other',
    () =>
      new Promise<void>((resolve, reject) => {
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => resolve());
        stream.on('error', reject);
      }),
    id,
  );
  const info = await engine.call('other', () => exec.inspect(), id);
  return { exitCode: typeof info.ExitCode === 'number' ? info.ExitCode : null, output: demux(Buffer.concat(chunks)) };
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

/** A program started in the background (detached): ask whether it still runs with `running()`. */
export interface DetachedCommand {
  running(): Promise<{ running: boolean; exitCode: number | null }>;
}

export async function startDetached(engine: Engine, client: Dockerode, id: string, argv: string[], env: string[] = []): Promise<DetachedCommand> {
  const exec = await engine.call('other', () => client.getContainer(id).exec({ Cmd: argv, Env: env, AttachStdout: false, AttachStderr: false }), id);
  const answer = (await engine.call('other', () => exec.start({ Detach: true }), id)) as NodeJS.ReadableStream | undefined;
  // Detached, the engine answers with an empty body; left unread, its socket would keep a CLI from exiting.
  answer?.resume();
  return {
    running: async () => {
      const info = await engine.call('other', () => exec.inspect(), id);
      return { running: info.Running === true, exitCode: typeof info.ExitCode === 'number' ? info.ExitCode : null };
    },
  };
}

export interface CommandStream {
  /** The program's stdout (stderr is dropped). */
  output: Readable;
  /** Writes reach the program's stdin; end() closes it, destroy() ends the connection. */
  input: Duplex;
}

export async function openCommandStream(engine: Engine, client: Dockerode, id: string, argv: string[]): Promise<CommandStream> {
  const exec = await engine.call('other', () => client.getContainer(id).exec({ Cmd: argv, AttachStdin: true, AttachStdout: true, AttachStderr: true }), id);
  const stream = await engine.call('other', () => exec.start({ hijack: true, stdin: true }), id);
  const output = new PassThrough();
  client.modem.demuxStream(stream, output, new PassThrough());
  return { output, input: stream };
}
