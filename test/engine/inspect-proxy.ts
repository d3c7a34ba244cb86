// A real engine behind a real proxy: a unix-socket HTTP server in the test process that forwards every
// request to the test engine's socket, except inspects of chosen containers, which it answers itself
// (403 as DS01's OPA authorization plugin words it, or a 500), so one inspect fails for real.
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface InspectProxy {
  /** DOCKER_HOST for clients of the proxy. */
  dockerHost: string;
  /** Container id -> HTTP status its inspect is answered with. */
  deny: Map<string, 403 | 500>;
  close(): Promise<void>;
}

const INSPECT = /^\/(?:v[\d.]+\/)?containers\/([^/]+)\/json(?:\?|$)/;

export async function startInspectProxy(engineSocket: string): Promise<InspectProxy> {
  const dir = mkdtempSync('/tmp/ds01-proxy-');
  const socket = join(dir, 'docker.sock');
  const deny = new Map<string, 403 | 500>();
  const server: Server = createServer((req, res) => {
    const m = req.method === 'GET' ? INSPECT.exec(req.url ?? '') : null;
    const status = m ? [...deny].find(([id]) => id.startsWith(m[1]) || m[1].startsWith(id))?.[1] : undefined;
    if (status) {
      const message =
        status === 403
          ? 'authorization denied by plugin opa-docker-authz: Permission denied: container owned by someone else'
          : 'Internal Server Error: container state unavailable';
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message }));
      return;
    }
    const upstream = request({ socketPath: engineSocket, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    dockerHost: `unix://${socket}`,
    deny,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
