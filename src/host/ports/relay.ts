// A container's port on a localhost address of this host, for VS Code's own port forwarding (asExternalUri):
// nothing is published on the host's interfaces. Each connection to 127.0.0.1:<relay port> is carried to the
// container: straight to its address on its network (bridge), to localhost (host network), or, for a container
// without a network, through the engine by an exec of busybox's nc inside it (its stdin and stdout are the
// connection; needs busybox in the image).
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';

export interface Relay {
  /** The localhost port that reaches the container's port. */
  port: number;
  target: string;
  close(): Promise<void>;
}

const NC = ['busybox', 'nc'];

export async function openRelay(
  engine: Engine,
  container: { id: string; displayName: string },
  port: number,
  net: { mode: string; ip: string | null },
): Promise<Relay> {
  const direct = net.mode === 'host' ? '127.0.0.1' : net.ip;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (direct) {
      const upstream = createConnection({ host: direct, port });
      upstream.on('error', () => socket.destroy());
      socket.pipe(upstream).pipe(socket);
    } else void throughEngine(engine, container.id, port, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw problem('internal', 'The port relay has no address.');
  return {
    port: address.port,
    target: direct ? `${direct}:${port}` : `${container.displayName}:${port} through the engine (busybox nc)`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function throughEngine(engine: Engine, id: string, port: number, socket: Socket): Promise<void> {
  try {
    const { input: stream, output } = await engine.openCommandStream(id, [...NC, '127.0.0.1', String(port)]);
    output.pipe(socket);
    socket.on('data', (b: Buffer) => stream.write(b));
    socket.on('end', () => stream.end());
    socket.on('close', () => stream.destroy());
    stream.on('end', () => socket.end());
    stream.on('error', () => socket.destroy());
  } catch {
    socket.destroy();
  }
}
