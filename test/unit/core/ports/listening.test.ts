import { strict as assert } from 'node:assert';
import { listeningPorts, parsePort, reachBy } from '../../../../src/core/ports/listening';
import { isProblemError } from '../../../../src/core/problem';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1129733 1 0 100 0 0 10 0
   1: 00000000:22B8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1129734 1 0 100 0 0 10 0
   2: 0500A8C0:22B8 0100A8C0:D431 01 00000000:00000000 00:00000000 00000000     0        0 1129735 1 0 100 0 0 10 0
  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:2328 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1128197 1 0 100 0 0 10 0
   1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1128198 1 0 100 0 0 10 0
`;

describe('core/ports', () => {
  it('listening sockets of /proc/net/tcp and tcp6 (state 0A only), loopback marked', () => {
    assert.deepEqual(listeningPorts(TCP), [
      { port: 8080, address: '127.0.0.1', loopbackOnly: true },
      { port: 8081, address: '::1', loopbackOnly: true },
      { port: 8888, address: '0.0.0.0', loopbackOnly: false },
      { port: 9000, address: '::', loopbackOnly: false },
    ]);
  });
  it('a port typed: 1-65535 or one problem', () => {
    assert.equal(parsePort(' 8888 '), 8888);
    for (const bad of ['0', '65536', 'http', '88.8', ''])
      assert.throws(
        () => parsePort(bad),
        (e) => isProblemError(e) && /is not a port number/.test(e.problem.message),
      );
  });
  it("reach: ssh -L to the container's address; host network via localhost; none or loopback: why not", () => {
    const login = { user: 'bob', host: 'ds01' };
    const open = { port: 8888, address: '0.0.0.0', loopbackOnly: false };
    assert.deepEqual(reachBy(open, { mode: 'bridge', ip: '172.17.0.5' }, login), {
      command: 'ssh -N -L 8888:172.17.0.5:8888 bob@ds01',
      url: 'http://localhost:8888/',
      why: null,
    });
    assert.equal(reachBy(open, { mode: 'host', ip: null }, login).command, 'ssh -N -L 8888:localhost:8888 bob@ds01');
    assert.match(reachBy(open, { mode: 'none', ip: null }, login).why ?? '', /no network \(mode none\)/);
    assert.match(reachBy({ port: 8080, address: '127.0.0.1', loopbackOnly: true }, { mode: 'bridge', ip: '172.17.0.5' }, login).why ?? '', /0\.0\.0\.0/);
  });
});
