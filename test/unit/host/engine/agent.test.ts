// The engine's agent on a unix socket: docker-modem formats every request's options (this agent among them) with
// util.inspect at every depth, hidden fields too, whether its debug log is on or not; the agent says in one line
// what it is, however many sockets it keeps.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { connectEngine } from '../../../../src/host/engine';

describe('engine: the unix-socket agent', () => {
  it('is one short line to util.inspect, with a socket kept alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-agent-'));
    const socket = join(dir, 'engine.sock');
    const server = createServer((_req, res) => res.end('OK'));
    await new Promise<void>((r) => server.listen(socket, r));
    try {
      const engine = connectEngine({ dockerHost: `unix://${socket}` });
      await engine.docker.ping();
      const agent = (engine.docker as unknown as { modem: { agent: unknown } }).modem.agent;
      const text = inspect({ agent }, { showHidden: true, depth: null });
      assert.ok(text.length < 100, `${text.length} characters: ${text.slice(0, 200)}`);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
