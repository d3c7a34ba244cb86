// What `ds01 devcontainer init` writes, started by the real Dev Containers CLI (@devcontainers/cli, what VS Code's
// "Reopen in Container" runs) on the private engine: the container runs as the user (--user uid:gid), sees the
// project, has the home mounted with HOME set and the shared memory asked for.
// Without a GPU: the test engine has no NVIDIA runtime (on DS01 the docker wrapper turns --gpus into a GPU).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDevcontainer } from '../../src/core/devcontainer';
import { IMAGE, testDocker } from './helpers';

const REPO = join(__dirname, '..', '..');
const DEVCONTAINER_CLI = join(REPO, 'node_modules', '.bin', 'devcontainer');
/** The test image with an /etc/passwd, as every real base image has (Dev Containers reads it for the user). */
const BASE = 'ds01-test/devcontainer-base:latest';

describe('Dev Containers CLI on what ds01 devcontainer init writes (real engine)', function () {
  this.timeout(180_000);
  let dir: string;
  let home: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let containerId = '';

  before(() => {
    execFileSync('docker', ['build', '-q', '-t', BASE, '-'], {
      input: `FROM ${IMAGE}\nRUN echo "root:x:0:0:root:/root:/bin/sh" > /etc/passwd && echo "root:x:0:" > /etc/group\n`,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    dir = mkdtempSync(join(tmpdir(), 'ds01-dc-up-'));
    home = join(dir, 'home');
    project = join(home, 'proj');
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'hello.txt'), 'from the project\n');
    env = { ...process.env, HOME: home, USER: 'dc-user', DS01_ROOT: join(dir, 'no-ds01'), NO_COLOR: '1' };
  });
  after(async () => {
    const docker = testDocker();
    const made = await docker.listContainers({ all: true, filters: { label: [`devcontainer.local_folder=${project}`] } });
    await Promise.all(made.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    rmSync(dir, { recursive: true, force: true });
  });

  /** `devcontainer SUB --workspace-folder P ... COMMAND...`: its options come before a command to exec. */
  function devcontainer(sub: string, command: string[] = []): { code: number | null; stdout: string; stderr: string } {
    // No --id-label: the CLI then labels the container as VS Code does (devcontainer.local_folder, config_file).
    const r = spawnSync(DEVCONTAINER_CLI, [sub, '--workspace-folder', project, ...command], { env, encoding: 'utf8', timeout: 150_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('starts as the user, with the project, the home at /home/$USER, HOME and --shm-size', async () => {
    const init = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'devcontainer', 'init', '--gpus', '0', '--image', BASE], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    assert.equal(init.status, 0, init.stderr);
    const text = readFileSync(join(project, '.devcontainer', 'devcontainer.json'), 'utf8');
    const me = { uid: process.getuid!(), gid: process.getgid!() };
    const ctx = {
      user: 'dc-user',
      home,
      uid: me.uid,
      gid: me.gid,
      gpuCap: { unknown: 'no limits here' },
      catalog: null,
      localEnv: { HOME: home, USER: 'dc-user' },
      workspaceFolder: project,
    };
    // The test image is no ML image; nothing else is said.
    assert.deepEqual(
      checkDevcontainer(text, ctx).map((f) => f.code),
      ['image-not-ml', 'no-gpu-request'],
    );

    const up = devcontainer('up');
    const outcome = JSON.parse(up.stdout.trim().split('\n').pop()!);
    assert.equal(outcome.outcome, 'success', up.stdout + up.stderr);
    containerId = outcome.containerId;

    const exec = devcontainer('exec', ['sh', '-c', 'id -u; id -g; echo "$HOME"; cat hello.txt; cat "$HOME/proj/hello.txt"']);
    assert.equal(exec.code, 0, exec.stderr);
    assert.deepEqual(exec.stdout.trim().split('\n').slice(-5), [String(me.uid), String(me.gid), '/home/dc-user', 'from the project', 'from the project']);

    const inspect = await testDocker().getContainer(containerId).inspect();
    assert.equal(inspect.Config.User, `${me.uid}:${me.gid}`);
    assert.equal(inspect.HostConfig.ShmSize, 8 * 1024 ** 3);
    assert.ok(
      inspect.Mounts.some((m) => m.Type === 'bind' && m.Source === home && m.Destination === '/home/dc-user'),
      JSON.stringify(inspect.Mounts),
    );
    assert.equal(inspect.Config.Labels['devcontainer.local_folder'], project, "the label DS01's wrapper takes the owner from");
  });
});
