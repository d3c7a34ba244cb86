import { strict as assert } from 'node:assert';
import type { Ds01Container } from '../../../../src/core/model';
import { containerForFolder, execArgv, pathInContainer } from '../../../../src/core/containers/run-in-container';
import { ds01Container } from '../../helpers/records';

function c(name: string, workspace: string | null, running = true): Ds01Container {
  return ds01Container(name, { state: running ? 'running' : 'exited', running, workspace });
}

describe('core/containers/run-in-container', () => {
  const mine = [c('home._.1000', '/home/alice'), c('proj._.1000', '/home/alice/proj'), c('old._.1000', '/home/alice/proj/sub', false)];

  it('picks the running container with the deepest workspace holding the folder', () => {
    const t = containerForFolder(mine, '/home/alice/proj/sub');
    assert.equal(t?.container.name, 'proj._.1000');
    assert.equal(t?.workdir, '/workspace/sub');
  });

  it('maps the workspace root itself to /workspace', () => {
    assert.equal(containerForFolder(mine, '/home/alice/proj/')?.workdir, '/workspace');
  });

  it('does not match a sibling folder that only shares a prefix', () => {
    assert.equal(containerForFolder([c('p._.1', '/home/alice/proj')], '/home/alice/project2'), null);
  });

  it('returns null when no running container has the folder', () => {
    assert.equal(containerForFolder([c('x._.1', '/srv/data'), c('y._.1', '/home/alice', false)], '/home/alice'), null);
  });

  it('maps file paths into the container', () => {
    const t = containerForFolder(mine, '/home/alice/proj')!;
    assert.equal(pathInContainer(t, '/home/alice/proj/train.py'), '/workspace/train.py');
    assert.equal(pathInContainer(t, '/etc/passwd'), null);
  });

  it('passes the recorded command as one argument to the container shell', () => {
    const t = containerForFolder(mine, '/home/alice/proj')!;
    const cmd = 'python train.py --name "a b"; echo $(id)';
    assert.deepEqual(execArgv(t, cmd), ['exec', '-it', '-w', '/workspace', 'proj._.1000', 'sh', '-lc', cmd]);
  });
});
