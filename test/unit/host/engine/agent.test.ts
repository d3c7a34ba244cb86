// The engine's agent on a unix socket: docker-modem formats every request's options (this agent among them) with
// util.inspect at every depth, hidden fields too, whether its debug log is on or not; the agent says in one line
// what it is, however many sockets it keeps.
import { strict as assert } from 'node:assert';
import { createServer, get } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { unixSocketAgent } from '../../../../src/host/engine/connect';

describe('engine: the unix-socket agent', () => {
  it('is one short line to util.inspect, with a socket kept alive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-agent-'));
    const socketPath = join(dir, 'engine.sock');
    const server = createServer((_req, res) => res.end('OK'));
    await new Promise<void>((r) => server.listen(socketPath, r));
    const agent = unixSocketAgent();
    try {
      await new Promise<void>((resolve, reject) => get({ socketPath, path: '/_ping', agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
      await new Promise((r) => setImmediate(r));
      const text = inspect({ agent }, { showHidden: true, depth: null });
      assert.ok(text.length < 100, `${text.length} characters: ${text.slice(0, 200)}`);
    } finally {
      agent.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
