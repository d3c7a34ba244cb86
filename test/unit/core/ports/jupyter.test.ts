import * as assert from 'node:assert/strict';
import { freeJupyterPort, jupyterArgv, jupyterPath, jupyterTokenEnv, noJupyter, stopJupyterArgvs } from '../../../../src/core/ports/jupyter';
import { isProblemError } from '../../../../src/core/problem';

const listening = (...ports: number[]) => ports.map((port) => ({ port, address: '0.0.0.0', loopbackOnly: false }));

describe('core/ports/jupyter', () => {
  it('starts Jupyter Lab on every address of the container, no browser, the port fixed; the token only in its environment', () => {
    const argv = jupyterArgv(8890);
    assert.deepEqual(argv.slice(0, 2), ['jupyter', 'lab']);
    assert.ok(argv.includes('--ip=0.0.0.0') && argv.includes('--port=8890') && argv.includes('--port-retries=0') && argv.includes('--no-browser'));
    assert.ok(!argv.some((a) => /token/i.test(a)), 'host users can read command lines: no token there');
    assert.deepEqual(jupyterTokenEnv('abc'), ['JUPYTER_TOKEN=abc']);
    assert.equal(jupyterPath('abc'), 'lab?token=abc');
    assert.deepEqual(
      stopJupyterArgvs(8890).map((a) => a.join(' ')),
      ['jupyter server stop 8890', 'jupyter notebook stop 8890'],
    );
  });

  it('takes the first free port from 8888, or the one asked for if free; one line when none is', () => {
    assert.equal(freeJupyterPort([]), 8888);
    assert.equal(freeJupyterPort(listening(22, 8888, 8889)), 8890);
    assert.equal(freeJupyterPort(listening(8888), 9000), 9000);
    assert.throws(
      () => freeJupyterPort(listening(9000), 9000),
      (e) => isProblemError(e) && e.problem.message === 'Port 9000 is already taken in this container.',
    );
    assert.throws(
      () => freeJupyterPort(listening(...Array.from({ length: 11 }, (_, i) => 8888 + i))),
      (e) => isProblemError(e) && /8888-8898 are all taken/.test(e.problem.message) && /--port/.test(e.problem.fix ?? ''),
    );
  });

  it('an image without Jupyter: says how to add it', () => {
    assert.throws(
      () => noJupyter('box'),
      (e) =>
        isProblemError(e) &&
        e.problem.kind === 'not-found' &&
        /box has no Jupyter/.test(e.problem.message) &&
        /pip install jupyterlab/.test(e.problem.fix ?? ''),
    );
  });
});
