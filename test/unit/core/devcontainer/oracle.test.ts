// Our check and init against the host's own `devcontainer check` / `devcontainer init` scripts, run here on the
// same files (test/unit/core/devcontainer/host-devcontainer.ts). Where the two agree they must keep agreeing;
// where ours differs on purpose, the difference is pinned below with its reason, so a change on either side shows.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { checkDevcontainer, devcontainerText, FRAMEWORK_IMAGES, type CheckContext } from '../../../../src/core/devcontainer';
import { context } from './context';
import { hostRoot, hostVerdict, hostVerdicts, oracleUnavailable, runHostCheck, runHostInit, type HostVerdict } from './host-devcontainer';

const CATALOG_IMAGE = 'aime/pytorch:2.4.0-cuda12.4';
const CATALOG = `Pytorch, 2.4.0, [CUDA_ADA], ${CATALOG_IMAGE}\n`;

/** What the host's four checks say, in our words: the findings ours must give for the same file. */
function expectedFrom(host: HostVerdict): string[] {
  const codes: string[] = [];
  if (host.image === null) codes.push('no-image');
  else if (host.imageType === 'other' || host.imageType === 'unknown') codes.push('image-not-ml');
  if (!host.gpu) codes.push('no-gpu-request');
  if (host.shutdownAction === null) codes.push('no-shutdown-action');
  else if (host.shutdownAction !== 'stopContainer') codes.push('shutdown-keeps-running');
  if (!host.homeMount) codes.push('no-home-mount');
  return codes.sort();
}

/** Our findings on the same four subjects. */
const SUBJECTS = new Set(['no-image', 'image-not-ml', 'no-gpu-request', 'no-shutdown-action', 'shutdown-keeps-running', 'no-home-mount']);
function oursOn(text: string, ctx: CheckContext): string[] {
  return checkDevcontainer(text, ctx)
    .map((f) => f.code)
    .filter((c) => SUBJECTS.has(c))
    .sort();
}

describe("core/devcontainer: the host's devcontainer check and init as oracles", function () {
  this.timeout(120_000);
  const why = oracleUnavailable();
  let root = '';
  let work = '';
  const ctx = context({ catalog: CATALOG });
  before(function () {
    if (why) this.skip();
    root = hostRoot(CATALOG);
    work = mkdtempSync(join(tmpdir(), 'ds01-dc-files-'));
  });
  after(() => {
    for (const d of [root, work]) if (d) rmSync(d, { recursive: true, force: true });
  });

  function file(name: string, text: string): string {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  }

  it('agrees on image, GPU request, shutdownAction and home mount, each varied on its own', () => {
    const base = {
      image: `"image": "${CATALOG_IMAGE}"`,
      gpu: '"--gpus", "1"',
      shutdown: ',\n  "shutdownAction": "stopContainer"',
      mount: '"source=${localEnv:HOME},target=/home/${localEnv:USER},type=bind"',
    };
    const variants: Partial<typeof base>[] = [
      {},
      { image: '"image": "pytorch/pytorch:2.5.1"' },
      { image: '"image": "nvcr.io/nvidia/jax:23.10-py3"' },
      { image: '"image": "python:3.12"' },
      { image: '"name": "no-image"' },
      { gpu: '"--gpus=all"' },
      { gpu: '"--shm-size", "8g"' },
      { shutdown: '' },
      { shutdown: ',\n  "shutdownAction": "none"' },
      { mount: '"source=cache,target=/c,type=volume"' },
      { mount: '"source=/home/me/data,target=/d,type=bind"' },
      { image: '"image": "python:3.12"', gpu: '"--shm-size", "8g"', shutdown: ',\n  "shutdownAction": "none"', mount: '"source=cache,target=/c,type=volume"' },
    ];
    const texts = variants
      .map((v) => ({ ...base, ...v }))
      .map(
        (c) =>
          `{\n  ${c.image},\n  "runArgs": ["--user", "1000:1000", ${c.gpu}],\n  "mounts": [${c.mount}],\n  "containerEnv": { "HOME": "/home/me" }${c.shutdown}\n}\n`,
      );
    const hosts = hostVerdicts(
      root,
      texts.map((t, i) => file(`variant-${i}.json`, t)),
    );
    assert.equal(hosts.length, texts.length);
    texts.forEach((text, i) => {
      assert.ok(hosts[i].validJson, text);
      assert.deepEqual(oursOn(text, ctx), expectedFrom(hosts[i]), text);
    });
    // Each subject is seen both ways by the host.
    assert.deepEqual(new Set(hosts.map((h) => h.gpu)), new Set([true, false]));
    assert.deepEqual(new Set(hosts.map((h) => h.homeMount)), new Set([true, false]));
    assert.deepEqual(new Set(hosts.map((h) => h.imageType)), new Set(['aime', 'ml', 'other', null]));
    assert.deepEqual(new Set(hosts.map((h) => h.shutdownAction)), new Set(['stopContainer', 'none', null]));
  });

  it('the file our init writes passes the host\'s whole check script ("All checks passed"), and ours', () => {
    const text = devcontainerText({ folderName: 'proj', source: { image: CATALOG_IMAGE }, gpus: 1, uid: 1000, gid: 1000, shmBytes: null, requirements: false });
    const r = runHostCheck(root, file('ours.json', text));
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /All checks passed/);
    assert.deepEqual(checkDevcontainer(text, ctx), []);
  });

  it('writes what the host\'s init --quick writes, but for a GPU count instead of "all" and the image table', () => {
    const project = join(work, 'My Proj');
    mkdirSync(project);
    const me = userInfo();
    for (const [args, gpus] of [
      [[], 1],
      [['--no-gpu'], 0],
    ] as const) {
      rmSync(join(project, '.devcontainer'), { recursive: true, force: true });
      const host = JSON.parse(runHostInit(root, project, ['--framework=pytorch', ...args]));
      const ours = JSON.parse(
        devcontainerText({
          folderName: basename(project),
          source: { image: FRAMEWORK_IMAGES.pytorch },
          gpus,
          uid: me.uid,
          gid: me.gid,
          shmBytes: null,
          requirements: false,
        }),
      );
      // The host resolves the image through its AIME catalog (none here) and the driver; ours is its fallback table.
      assert.match(host.image, /^pytorch\/pytorch:2\.5\.1-cuda1[12]\.[18]-cudnn9-runtime$/);
      assert.match(ours.image, /^pytorch\/pytorch:2\.5\.1-cuda12\.1-cudnn9-runtime$/);
      // The host writes "all", which its docker wrapper turns into one GPU; ours writes the count.
      const hostArgs = host.runArgs.map((a: string) => (a === 'all' ? '1' : a));
      assert.deepEqual({ ...ours, image: null, runArgs: ours.runArgs }, { ...host, image: null, runArgs: hostArgs }, JSON.stringify(host));
      assert.equal(host.runArgs.includes('all'), gpus === 1);
    }
  });

  describe('where ours differs on purpose', () => {
    it('JSONC (comments, trailing commas), which Dev Containers reads: the host refuses it as invalid JSON', () => {
      const text = `{\n  // DS01\n  "image": "${CATALOG_IMAGE}",\n  "runArgs": ["--gpus", "1",],\n}\n`;
      const r = runHostCheck(root, file('jsonc.json', text));
      assert.equal(r.code, 1);
      assert.match(r.out, /Invalid JSON/);
      assert.ok(!checkDevcontainer(text, ctx).some((f) => f.code === 'invalid-jsonc'));
    });

    it('a Dockerfile build: the host wants "image"; ours accepts build.dockerfile', () => {
      const text =
        '{ "build": { "dockerfile": "../Dockerfile" }, "runArgs": ["--gpus", "1"], "shutdownAction": "stopContainer", "mounts": ["source=${localEnv:HOME},target=/h,type=bind"] }';
      assert.equal(hostVerdict(root, file('build.json', text)).image, null);
      assert.deepEqual(oursOn(text, ctx), []);
    });

    it('--device of anything counts as a GPU request on the host; ours only an NVIDIA device', () => {
      const text = `{ "image": "${CATALOG_IMAGE}", "runArgs": ["--device", "/dev/fuse"] }`;
      assert.equal(hostVerdict(root, file('fuse.json', text)).gpu, true);
      assert.ok(oursOn(text, ctx).includes('no-gpu-request'));
    });

    it('hostRequirements.gpu: Dev Containers adds --gpus all, which ours counts and the host does not', () => {
      const text = `{ "image": "${CATALOG_IMAGE}", "hostRequirements": { "gpu": true } }`;
      assert.equal(hostVerdict(root, file('hostreq.json', text)).gpu, false);
      assert.ok(!oursOn(text, ctx).includes('no-gpu-request'));
    });

    it('without an AIME catalog the host warns on every image, ML framework images too; ours still knows them', () => {
      const bare = hostRoot();
      try {
        const text = '{ "image": "pytorch/pytorch:2.5.1" }';
        assert.equal(hostVerdict(bare, file('nocatalog.json', text)).imageType, 'unknown');
        assert.ok(!oursOn(text, context({ catalog: null })).includes('image-not-ml'));
      } finally {
        rmSync(bare, { recursive: true, force: true });
      }
    });

    it("the host's script stops silently at a missing shutdownAction (exit 1, no summary); ours reports every finding, exit 1 only on errors", () => {
      const text = `{ "image": "${CATALOG_IMAGE}", "runArgs": ["--gpus", "1"], "mounts": ["source=\${localEnv:HOME},target=/h,type=bind"] }`;
      const r = runHostCheck(root, file('no-shutdown.json', text));
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /GPU access: Enabled/);
      assert.doesNotMatch(r.out, /shutdownAction|Home directory mount|warning\(s\)|passed/);
      assert.deepEqual(
        checkDevcontainer(text, ctx).map((f) => [f.code, f.severity]),
        [
          ['no-shutdown-action', 'info'],
          ['no-user', 'warning'],
        ],
      );
    });

    it('and at its first warning (`((warnings++))` from 0 under set -e)', () => {
      const text = `{ "image": "python:3.12", "runArgs": ["--gpus", "1"], "shutdownAction": "stopContainer", "mounts": ["source=\${localEnv:HOME},target=/h,type=bind"] }`;
      const r = runHostCheck(root, file('first-warning.json', text));
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /Not from AIME catalog/);
      assert.doesNotMatch(r.out, /GPU access|warning\(s\)/);
    });
  });
});
