// `ds01 devcontainer init` and `ds01 devcontainer check`, run as the built CLI in real folders, as a user would.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { checkDevcontainer } from '../../../src/core/devcontainer';
import { checkContextFor, limitsOrWhy } from '../../../src/host/devcontainer/context';
import { resolveUser } from '../../../src/host/users/identity';
import { devcontainerCheckJson, devcontainerInitJson } from '../../../src/core/cli-contracts/devcontainer';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
/** The fixture host: the user running the tests gets a per-container cap of 2. */
const CONFIG = join(REPO, 'test', 'fixtures', 'hosts', 'ds01-2026-07', 'config', 'runtime', 'resource-limits.yaml');

function ds01(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DS01_ROOT: join(cwd, 'no-ds01'), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Output as one line per finding or fix: the lines wrapped at 80 columns joined again. */
function unwrapped(text: string): string {
  return text.replace(/\n {4}/g, ' ');
}

describe('cli: ds01 devcontainer init / check', function () {
  this.timeout(60000);
  let dir: string;
  let project: string;
  const file = () => join(project, '.devcontainer', 'devcontainer.json');

  before(() => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ds01-dc-cli-'));
    project = join(dir, 'My Project');
    mkdirSync(project);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('init', () => {
    it("writes the DS01 devcontainer.json: 1 GPU within the cap, the user's ids, stopContainer; says what it did", () => {
      const r = ds01(['devcontainer', 'init', '--config', CONFIG], project);
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(readFileSync(file(), 'utf8'));
      const me = userInfo();
      assert.equal(j.name, 'my-project');
      assert.deepEqual(j.runArgs, ['--user', `${me.uid}:${me.gid}`, '--gpus', '1', '--shm-size', '8g']);
      assert.equal(j.shutdownAction, 'stopContainer');
      assert.match(r.stdout, /^Wrote .*\.devcontainer\/devcontainer\.json\n/);
      assert.match(unwrapped(r.stdout), /1 GPU \(your per-container cap is 2\); runs as \d+:\d+; stops when VS Code closes\./);
      assert.match(unwrapped(r.stdout), /Next: open .* in VS Code and run "Dev Containers: Reopen in Container"\./);
      assert.ok(
        r.stdout.split('\n').every((l) => l.length <= 80 || !l.trim().includes(' ')),
        r.stdout,
      );
    });

    it('never overwrites without --force: one line naming the file and the way out, the file untouched', () => {
      mkdirSync(join(project, '.devcontainer'));
      writeFileSync(file(), '{ "image": "mine" }\n');
      const r = ds01(['devcontainer', 'init', '--config', CONFIG], project);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^ds01: .*devcontainer\.json exists: not overwritten\.\n {2}.*--force/);
      assert.equal(readFileSync(file(), 'utf8'), '{ "image": "mine" }\n');
      const forced = ds01(['devcontainer', 'init', '--force', '--json', '--config', CONFIG], project);
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal(devcontainerInitJson.parse(JSON.parse(forced.stdout)).backup, `${file()}.bak`);
      assert.equal(readFileSync(`${file()}.bak`, 'utf8'), '{ "image": "mine" }\n');
      assert.equal(JSON.parse(readFileSync(file(), 'utf8')).shutdownAction, 'stopContainer');
    });

    it('refuses more GPUs than the per-container cap, naming it, and writes nothing', () => {
      const r = ds01(['devcontainer', 'init', '--gpus', '3', '--config', CONFIG], project);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /--gpus 3 is above your per-container cap of 2 GPUs/);
      assert.equal(existsSync(join(project, '.devcontainer')), false);
      assert.equal(ds01(['devcontainer', 'init', '--gpus', '2', '--config', CONFIG], project).code, 0);
      assert.deepEqual(JSON.parse(readFileSync(file(), 'utf8')).runArgs.slice(2, 4), ['--gpus', '2']);
    });

    it('--json: the path, the source, the GPU count and the cap; without limits the cap is null with why', () => {
      writeFileSync(join(project, 'Dockerfile'), 'FROM scratch\n');
      const r = ds01(['devcontainer', 'init', '--json'], project);
      assert.equal(r.code, 0, r.stderr);
      const j = devcontainerInitJson.parse(JSON.parse(r.stdout));
      assert.equal(j.path, file());
      assert.equal(j.image, null);
      assert.equal(j.dockerfile, '../Dockerfile');
      assert.equal(j.gpus, 1);
      assert.equal(j.perContainerCap, null);
      assert.match(j.perContainerCapWhy ?? '', /limits not read \(No DS01 limits file/);
      assert.deepEqual(JSON.parse(readFileSync(file(), 'utf8')).build, { dockerfile: '../Dockerfile', context: '..' });
      assert.equal(ds01(['devcontainer', 'init', '--gpus', '2', '--force'], project).code, 1, 'more than 1 GPU cannot be checked without limits');
    });

    it('bad input: one clear line each', () => {
      const missing = ds01(['devcontainer', 'init', 'nowhere'], project);
      assert.equal(missing.code, 3);
      assert.match(missing.stderr, /^ds01: nowhere does not exist\.\n/);
      const both = ds01(['devcontainer', 'init', '--image', 'x', '--framework', 'jax'], project);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--image and --framework both given/);
      const framework = ds01(['devcontainer', 'init', '--framework', 'caffe'], project);
      assert.match(framework.stderr, /Unknown framework "caffe".\n {2}Use one of pytorch, tensorflow, jax, minimal/);
      assert.match(ds01(['devcontainer', 'init', '--gpus', 'two'], project).stderr, /--gpus two is not a GPU count/);
    });
  });

  describe('check', () => {
    const BAD = '{\n  // mine\n  "image": "pytorch/pytorch:2.5.1",\n  "runArgs": ["--gpus", "4", "--network=host",],\n  "shutdownAction": "none",\n}\n';

    it('what init writes is ready for DS01: exit 0', () => {
      assert.equal(ds01(['devcontainer', 'init', '--config', CONFIG], project).code, 0);
      const r = ds01(['devcontainer', 'check', '--config', CONFIG], project);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '.devcontainer/devcontainer.json: ready for DS01\n0 errors, 0 warnings\n');
    });

    it('names each finding at file:line:column with what to do; exit 1 on errors', () => {
      mkdirSync(join(project, '.devcontainer'));
      writeFileSync(file(), BAD);
      const r = ds01(['devcontainer', 'check', '--config', CONFIG], project);
      assert.equal(r.code, 1);
      assert.ok(
        r.stdout.split('\n').every((l) => l.length <= 80),
        r.stdout,
      );
      const lines = unwrapped(r.stdout).split('\n');
      assert.ok(
        lines.includes(
          '.devcontainer/devcontainer.json:4:25: error "--gpus 4" asks for more GPUs than your per-container cap (2): DS01 refuses to start the container.',
        ),
        r.stdout,
      );
      assert.ok(
        lines.includes(
          '.devcontainer/devcontainer.json:4:30: error "--network host" puts the container in the host\'s network (ports shared with every user); DS01 keeps containers apart.',
        ),
        r.stdout,
      );
      assert.ok(
        lines.includes(
          '.devcontainer/devcontainer.json:5:21: warning "shutdownAction": "none" keeps the container, and any GPU it holds, running after VS Code closes.',
        ),
        r.stdout,
      );
      assert.match(r.stdout, /\n2 errors, 2 warnings\n$/);
    });

    it('--json gives the findings core gives, with 1-based positions and the quick fix offered', () => {
      const path = join(project, 'devcontainer.json');
      writeFileSync(path, BAD);
      const r = ds01(['devcontainer', 'check', path, '--json', '--config', CONFIG], project);
      assert.equal(r.code, 1);
      const j = devcontainerCheckJson.parse(JSON.parse(r.stdout));
      const user = resolveUser();
      const expected = checkDevcontainer(
        BAD,
        checkContextFor({ user, limits: limitsOrWhy(user, process.env, CONFIG), env: { ...process.env, HOME: homedir() }, workspaceFolder: project }),
      );
      assert.deepEqual(
        j.files[0].findings.map((f: { code: string }) => f.code),
        expected.map((f) => f.code),
      );
      const cap = j.files[0].findings.find((f: { code: string }) => f.code === 'gpus-over-cap');
      assert.deepEqual([cap!.line, cap!.column, cap!.endLine, cap!.endColumn, cap!.quickFix], [4, 25, 4, 28, 'Ask for 2 GPUs (your cap)']);
      assert.equal(j.errors, 2);
      assert.equal(j.perContainerCap, 2);
      assert.equal(j.perContainerCapWhy, null);
    });

    it('without limits: the cap is not checked, and says so (null and why in JSON)', () => {
      mkdirSync(join(project, '.devcontainer'));
      writeFileSync(file(), BAD);
      const text = ds01(['devcontainer', 'check'], project);
      assert.doesNotMatch(text.stdout, /per-container cap \(/);
      assert.match(text.stdout, /GPU count not checked against your per-container cap: limits not read/);
      const j = devcontainerCheckJson.parse(JSON.parse(ds01(['devcontainer', 'check', '--json'], project).stdout));
      assert.equal(j.perContainerCap, null);
      assert.match(j.perContainerCapWhy ?? '', /limits not read/);
    });

    it('finds every devcontainer.json Dev Containers would, in a folder given', () => {
      mkdirSync(join(project, '.devcontainer', 'cpu'), { recursive: true });
      writeFileSync(join(project, '.devcontainer', 'cpu', 'devcontainer.json'), '{ "image": "pytorch/pytorch" }');
      writeFileSync(join(project, '.devcontainer.json'), BAD);
      const j = devcontainerCheckJson.parse(JSON.parse(ds01(['devcontainer', 'check', project, '--json', '--config', CONFIG], dir).stdout));
      assert.deepEqual(
        j.files.map((f: { file: string }) => f.file),
        [join(project, '.devcontainer.json'), join(project, '.devcontainer', 'cpu', 'devcontainer.json')],
      );
    });

    it('no devcontainer.json: one line saying where it looked and how to write one (exit 3)', () => {
      const r = ds01(['devcontainer', 'check'], project);
      assert.equal(r.code, 3);
      assert.match(
        r.stderr,
        /^ds01: No devcontainer\.json in \. \(looked for \.devcontainer\/devcontainer\.json, \.devcontainer\.json, \.devcontainer\/\*\/devcontainer\.json\)\.\n {2}Write one: ds01 devcontainer init\n$/,
      );
    });
  });
});
