import { strict as assert } from 'node:assert';
import { problem } from '../../../../src/core/problem';
import { connectEngine, mapEngineError } from '../../../../src/host/engine';

const ep = 'unix:///var/run/docker.sock';
const err = (fields: object) => Object.assign(new Error('boom'), fields);

describe('host/engine errors and addresses', () => {
  it('socket-level codes map to engine-unreachable or engine-permission', () => {
    for (const code of ['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']) {
      assert.equal(mapEngineError(err({ code }), ep).problem.kind, 'engine-unreachable', code);
    }
    const denied = mapEngineError(err({ code: 'EACCES' }), ep).problem;
    assert.equal(denied.kind, 'engine-permission');
    assert.match(denied.fix ?? '', /docker group/);
  });
  it('an abort by the time limit names the limit', () => {
    const p = mapEngineError(Object.assign(new Error('aborted'), { name: 'AbortError' }), ep, 2500).problem;
    assert.equal(p.kind, 'engine-unreachable');
    assert.match(p.message, /did not answer within 2\.5 s/);
  });
  it('an HTTP answer keeps the engine message and status', () => {
    const p = mapEngineError(err({ statusCode: 500, json: { message: 'driver failed\n' } }), ep).problem;
    assert.equal(p.kind, 'engine-error');
    assert.equal(p.message, `The Docker engine at ${ep} answered with an error (HTTP 500): driver failed`);
    assert.equal(p.status, 500, 'callers test the status, not the message text');
    assert.equal(mapEngineError(err({ statusCode: 404, json: { message: 'No such container: x' } }), ep).problem.status, 404);
    assert.equal(mapEngineError(err({ code: 'ECONNREFUSED' }), ep).problem.status, undefined);
  });
  it('a ProblemError passes through unchanged', () => {
    const original = problem('not-found', 'x');
    assert.equal(mapEngineError(original, ep), original);
  });
  it('accepts unix, tcp and http addresses; the argument wins over DOCKER_HOST', () => {
    assert.equal(connectEngine('unix:///tmp/x.sock').endpoint, 'unix:///tmp/x.sock');
    assert.equal(connectEngine('tcp://127.0.0.1:2375').endpoint, 'tcp://127.0.0.1:2375');
    assert.equal(connectEngine({ dockerHost: 'http://[::1]:2375' }).endpoint, 'http://[::1]:2375');
  });
});
