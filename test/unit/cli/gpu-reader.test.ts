// `ds01 gpu-reader` (the host service) as a real process: it writes a root-only reading, and readers then
// start no nvidia-smi of their own. Runs as root (the service's user); counted by a recording nvidia-smi.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_DIR } from '../core/nvidia-smi/fixtures';
import { createAccount, removeAccount, runAs, uniqueName, type Account } from '../helpers/accounts';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');

describe('cli: ds01 gpu-reader, the host service', function () {
  this.timeout(60000);
  let top: string;
  let log: string;
  let smi: string;
  let out: string;
  // A reading of the MIG-off fixture is two nvidia-smi runs (the GPU and compute-app CSV queries): count GPU queries.
  const readings = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('--query-gpu=')).length
      : 0;
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      DS01_NVIDIA_SMI: smi,
      DS01_HOST_READING: out,
      DS01_GPU_REFRESH_SECONDS: '60',
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      NO_COLOR: '1',
    };
    delete e.XDG_RUNTIME_DIR;
    return e;
  };

  before(function () {
    if (process.geteuid?.() !== 0) this.skip();
  });
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'ds01-reader-'));
    chmodSync(top, 0o755);
    log = join(top, 'calls.log');
    smi = join(top, 'nvidia-smi');
    out = join(top, 'run-ds01', 'gpu-reading.json');
    writeFileSync(smi, `#!/bin/sh\necho "$*" >> "${log}"\nexec "${join(FIXTURE_DIR, 'bin', 'a100x4-mig-off')}" "$@"\n`, { mode: 0o755 });
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  function gpus(): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, 'gpus', '--json'], { env: env() });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', (code) => resolve({ code, out: text }));
    });
  }

  it('writes a root-owned 0644 reading; 10 readers then read nvidia-smi 0 times', async () => {
    const r = spawnSync(process.execPath, [CLI, 'gpu-reader', '--once', '--out', out], { env: env(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const st = statSync(out);
    assert.equal(st.uid, 0);
    assert.equal(st.mode & 0o777, 0o644);
    assert.equal(readings(), 1);
    const results = await Promise.all(Array.from({ length: 10 }, gpus));
    for (const g of results) assert.equal(JSON.parse(g.out).gpus.length, 4);
    assert.equal(readings(), 1, 'no reader started nvidia-smi');
  });

  it('refuses a folder others may write, saying how to fix it', () => {
    mkdirSync(join(top, 'run-ds01'), { mode: 0o777 });
    chmodSync(join(top, 'run-ds01'), 0o777);
    const r = spawnSync(process.execPath, [CLI, 'gpu-reader', '--once', '--out', out], { env: env(), encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not root's alone.*mode 777/);
    assert.match(r.stderr, /chmod 755/);
    assert.equal(readings(), 0);
  });

  describe('--out against a hostile second user (a real account; issue 24 point 7)', () => {
    let bob: Account;
    let link: string;
    before(() => {
      bob = createAccount(uniqueName('h24rd'));
    });
    after(() => {
      removeAccount(bob);
      rmSync(link, { force: true });
    });

    it("never writes through another user's link or folder anywhere on the way, not only in the last step", () => {
      // Root's own folders, reached through a link bob made in /tmp: only the last step used to be checked.
      const real = join(top, 'real', 'run');
      mkdirSync(real, { recursive: true, mode: 0o755 });
      link = join(tmpdir(), uniqueName('ds01-h24-link-'));
      runAs(bob, 'ln', ['-s', join(top, 'real'), link]);
      const viaLink = spawnSync(process.execPath, [CLI, 'gpu-reader', '--once', '--out', join(link, 'run', 'gpu-reading.json')], {
        env: env(),
        encoding: 'utf8',
      });
      assert.equal(viaLink.status, 2, viaLink.stdout + viaLink.stderr);
      assert.match(viaLink.stderr, new RegExp(`${link} is a symbolic link or not a folder`));
      assert.equal(existsSync(join(real, 'gpu-reading.json')), false, 'wrote through the link');

      // A folder of bob's on the way: he could swap the root folder inside it for a link between two writes.
      const bobs = join(top, 'bobs');
      mkdirSync(bobs);
      execFileSync('chown', [`${bob.uid}:${bob.gid}`, bobs]);
      mkdirSync(join(bobs, 'run'), { mode: 0o755 });
      const viaBob = spawnSync(process.execPath, [CLI, 'gpu-reader', '--once', '--out', join(bobs, 'run', 'gpu-reading.json')], {
        env: env(),
        encoding: 'utf8',
      });
      assert.equal(viaBob.status, 2);
      assert.match(viaBob.stderr, new RegExp(`${bobs} belongs to uid ${bob.uid}, not root`));
      assert.equal(readings(), 0);
    });
  });
});
