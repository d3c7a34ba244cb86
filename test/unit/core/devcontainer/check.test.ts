import { strict as assert } from 'node:assert';
import { applyEdit, checkDevcontainer, positionAt, type Finding } from '../../../../src/core/devcontainer';
import { context, GOOD } from './context';

/** The text a finding's span covers. */
function spanned(text: string, f: Finding): string {
  return text.slice(f.span.offset, f.span.offset + f.span.length);
}

function only(text: string, code: string, ctx = context()): Finding {
  const found = checkDevcontainer(text, ctx).filter((f) => f.code === code);
  assert.equal(found.length, 1, `${code} in ${JSON.stringify(checkDevcontainer(text, ctx).map((f) => f.code))}`);
  return found[0];
}

function codes(text: string, ctx = context()): string[] {
  return checkDevcontainer(text, ctx).map((f) => f.code);
}

/** GOOD with one property's JSON replaced (or removed with undefined). */
function withProp(name: string, json: string | undefined): string {
  const re = new RegExp(`\\n  "${name}": .*`);
  assert.match(GOOD, re);
  return json === undefined ? GOOD.replace(re, '').replace(/,\n}/, '\n}') : GOOD.replace(re, `\n  "${name}": ${json},`).replace(/,\n}/, '\n}');
}

function fixed(text: string, f: Finding): string {
  assert.ok(f.quickFix, `${f.code} has a quick fix`);
  return applyEdit(text, f.quickFix.edit);
}

describe('core/devcontainer: the check', () => {
  it('has nothing to say about the file DS01 writes', () => {
    assert.deepEqual(checkDevcontainer(GOOD, context()), []);
  });

  describe('JSONC', () => {
    it('reads comments (line and block) and trailing commas as Dev Containers does', () => {
      const text = `// top\n{\n  /* block */ "image": "pytorch/pytorch:2.5.1", // why\n  "runArgs": ["--user", "1000:1000", "--gpus", "1",],\n  "mounts": ["source=\${localEnv:HOME},target=/h,type=bind",],\n  "containerEnv": { "HOME": "/h", },\n  "shutdownAction": "stopContainer",\n}\n`;
      assert.deepEqual(codes(text), []);
    });

    it('a syntax error is an error at its place, and nothing else is said', () => {
      const text = '{\n  "image": "pytorch/pytorch"\n  "shutdownAction": "none"\n}\n';
      const found = checkDevcontainer(text, context());
      assert.deepEqual(
        found.map((f) => [f.code, f.severity]),
        [['invalid-jsonc', 'error']],
      );
      assert.deepEqual(positionAt(text, found[0].span.offset), { line: 2, character: 2 });
      assert.match(found[0].message, /comma expected/);
    });

    it('an empty file or an array is no configuration', () => {
      assert.deepEqual(codes(''), ['not-an-object']);
      assert.deepEqual(codes('[]'), ['not-an-object']);
    });

    it('ranges count UTF-16 code units after non-ASCII text and CRLF line ends', () => {
      const text = GOOD.replace('"name": "proj"', '"name": "prøj 🚀"').replace('"stopContainer"', '"none"').replace(/\n/g, '\r\n');
      const f = only(text, 'shutdown-keeps-running');
      assert.equal(spanned(text, f), '"none"');
      assert.deepEqual(positionAt(text, f.span.offset), { line: 6, character: 20 });
      assert.equal(fixed(text, f), text.replace('"none"', '"stopContainer"'));
    });
  });

  describe('image', () => {
    it('no image, build or compose file is an error on the root', () => {
      const text = withProp('image', undefined);
      const f = only(text, 'no-image');
      assert.equal(f.severity, 'error');
      assert.equal(spanned(text, f), '{');
    });

    it('a Dockerfile build (build.dockerfile or the old dockerFile) is fine', () => {
      assert.deepEqual(codes(withProp('image', undefined).replace('"name": "proj",', '"name": "proj", "build": { "dockerfile": "../Dockerfile" },')), []);
      assert.deepEqual(codes(withProp('image', undefined).replace('"name": "proj",', '"name": "proj", "dockerFile": "../Dockerfile",')), []);
    });

    it("an image that is no ML framework image, no AIME catalog entry and not the user's own is a warning on the value", () => {
      const text = withProp('image', '"python:3.12"');
      const f = only(text, 'image-not-ml');
      assert.equal(f.severity, 'warning');
      assert.equal(spanned(text, f), '"python:3.12"');
      assert.deepEqual(codes(text, context({ catalog: 'Pytorch, 2.4, [CUDA_ADA], python:3.12\n' })), [], 'in the catalog');
      assert.deepEqual(codes(withProp('image', '"ds01-1000/proj:latest"')), []);
      assert.deepEqual(codes(withProp('image', '"nvcr.io/nvidia/jax:23.10-py3"')), []);
    });

    it('a compose set-up is said not to be checked', () => {
      const text = withProp('image', undefined).replace('"name": "proj",', '"name": "proj", "dockerComposeFile": "compose.yml",');
      assert.equal(only(text, 'compose-not-checked').severity, 'info');
    });
  });

  describe('GPUs', () => {
    it('no GPU request: info on runArgs, and the fix appends --gpus 1 on the same line', () => {
      const text = GOOD.replace('"--gpus", "1", ', '');
      const f = only(text, 'no-gpu-request');
      assert.equal(f.severity, 'info');
      assert.equal(spanned(text, f), '"runArgs"');
      assert.equal(fixed(text, f), GOOD.replace('"--gpus", "1", ', '').replace('"8g"]', '"8g", "--gpus", "1"]'));
      assert.deepEqual(codes(fixed(text, f)), []);
    });

    it('no runArgs at all: the finding is on the root and the fix makes runArgs', () => {
      const text = withProp('runArgs', undefined);
      const f = only(text, 'no-gpu-request');
      assert.equal(spanned(text, f), '{');
      assert.match(fixed(text, f), /"runArgs": \[\s*"--gpus",\s*"1"\s*\]/);
    });

    it('no finding where the cap allows no GPU per container', () => {
      assert.deepEqual(codes(GOOD.replace('"--gpus", "1", ', ''), context({ gpuCap: { max: 0 } })), []);
    });

    it('hostRequirements.gpu is a request (Dev Containers adds --gpus all)', () => {
      assert.deepEqual(codes(GOOD.replace('"--gpus", "1", ', '').replace('"name": "proj",', '"name": "proj", "hostRequirements": { "gpu": "optional" },')), []);
    });

    it('more GPUs than the per-container cap is an error on the count, in both spellings; the fix asks for the cap', () => {
      const two = GOOD.replace('"--gpus", "1"', '"--gpus", "3"');
      const f = only(two, 'gpus-over-cap');
      assert.equal(f.severity, 'error');
      assert.equal(spanned(two, f), '"3"');
      assert.match(f.message, /cap \(2\)/);
      assert.equal(fixed(two, f), GOOD.replace('"--gpus", "1"', '"--gpus", "2"'));
      const one = GOOD.replace('"--gpus", "1"', '"--gpus=4"');
      const g = only(one, 'gpus-over-cap');
      assert.equal(spanned(one, g), '"--gpus=4"');
      assert.equal(fixed(one, g), GOOD.replace('"--gpus", "1"', '"--gpus=2"'));
    });

    it('within the cap, no cap, or an unknown cap: no over-cap finding', () => {
      const text = GOOD.replace('"--gpus", "1"', '"--gpus", "2"');
      assert.deepEqual(codes(text), []);
      const four = GOOD.replace('"--gpus", "1"', '"--gpus", "4"');
      assert.deepEqual(codes(four, context({ gpuCap: { max: null } })), []);
      assert.deepEqual(codes(four, context({ gpuCap: { unknown: 'limits not read' } })), []);
    });

    it('--gpus all: info, fixed to a count of 1', () => {
      const text = GOOD.replace('"--gpus", "1"', '"--gpus", "all"');
      const f = only(text, 'gpus-all');
      assert.equal(f.severity, 'info');
      assert.equal(fixed(text, f), GOOD);
    });

    it('GPUs named by UUID, --runtime nvidia or an NVIDIA --device skip the allocator: warnings', () => {
      const named = GOOD.replace('"--gpus", "1"', '"--gpus", "device=GPU-aaa,GPU-bbb,GPU-ccc"');
      const f = only(named, 'gpus-unallocated');
      assert.equal(f.severity, 'warning');
      assert.equal(fixed(named, f), GOOD.replace('"--gpus", "1"', '"--gpus", "2"'), 'three named, capped at 2');
      const runtime = GOOD.replace('"--gpus", "1"', '"--runtime=nvidia"');
      const r = only(runtime, 'gpus-unallocated');
      assert.equal(spanned(runtime, r), '"--runtime=nvidia"');
      assert.equal(fixed(runtime, r), GOOD.replace('"--gpus", "1", ', '').replace('"8g"]', '"8g", "--gpus", "1"]'));
      const device = GOOD.replace('"--gpus", "1"', '"--gpus", "1", "--device", "/dev/nvidia0"');
      assert.equal(only(device, 'gpus-unallocated').quickFix, null);
    });
  });

  describe('shutdownAction', () => {
    it('"none" is a warning on the value; the fix sets stopContainer', () => {
      const text = withProp('shutdownAction', '"none"');
      const f = only(text, 'shutdown-keeps-running');
      assert.equal(f.severity, 'warning');
      assert.equal(spanned(text, f), '"none"');
      assert.match(f.message, /GPU/);
      assert.equal(fixed(text, f), GOOD);
    });

    it("not set: info on the root (Dev Containers' default stops it); the fix adds it", () => {
      const text = withProp('shutdownAction', undefined);
      const f = only(text, 'no-shutdown-action');
      assert.equal(f.severity, 'info');
      assert.equal(spanned(text, f), '{');
      assert.deepEqual(JSON.parse(fixed(text, f)), JSON.parse(GOOD));
    });

    it("stopCompose (a compose set-up's own stop) is fine", () => {
      assert.deepEqual(codes(withProp('shutdownAction', '"stopCompose"')), []);
    });
  });

  describe('user', () => {
    it("no --user (nor containerUser): a warning on runArgs, fixed with the user's uid:gid", () => {
      const text = GOOD.replace('"--user", "1000:1000", ', '');
      const f = only(text, 'no-user');
      assert.equal(f.severity, 'warning');
      assert.equal(spanned(text, f), '"runArgs"');
      assert.match(fixed(text, f), /"8g", "--user", "1000:1000"\]/);
      assert.deepEqual(codes(text.replace('"name": "proj",', '"name": "proj", "containerUser": "me",')), []);
    });

    it('no fix where the ids are not known', () => {
      assert.equal(only(GOOD.replace('"--user", "1000:1000", ', ''), 'no-user', context({ uid: null, gid: null })).quickFix, null);
    });

    it('--user root, 0 or another uid: a warning on the flag and its value; -u and --user= read alike', () => {
      for (const [written, spelled] of [
        ['"--user", "0:0"', '"--user", "0:0"'],
        ['"-u", "root"', '"-u", "root"'],
        ['"--user=1001"', '"--user=1001"'],
      ]) {
        const text = GOOD.replace('"--user", "1000:1000"', written);
        const f = only(text, 'user-not-you');
        assert.equal(spanned(text, f), spelled);
        assert.deepEqual(codes(fixed(text, f)), [], written);
      }
    });

    it('root running as root is itself', () => {
      assert.deepEqual(codes(GOOD.replace('1000:1000', '0:0'), context({ uid: 0, gid: 0 })), []);
    });

    it('a numeric --user with no containerEnv HOME: a warning; the fix sets HOME', () => {
      const text = withProp('containerEnv', undefined);
      const f = only(text, 'no-home-env');
      assert.equal(spanned(text, f), '"--user", "1000:1000"');
      assert.match(fixed(text, f), /"containerEnv": \{\s*"HOME": "\/home\/\$\{localEnv:USER\}"\s*\}/);
      assert.deepEqual(codes(fixed(text, f)), []);
    });
  });

  describe('isolation', () => {
    it('--privileged, in runArgs or as a property, is an error; the fix removes it and keeps the rest', () => {
      const text = GOOD.replace('"8g"]', '"8g", "--privileged"]');
      const f = only(text, 'privileged');
      assert.equal(f.severity, 'error');
      assert.equal(spanned(text, f), '"--privileged"');
      assert.equal(fixed(text, f), GOOD);
      const prop = GOOD.replace('"name": "proj",', '"name": "proj",\n  "privileged": true,');
      const p = only(prop, 'privileged');
      assert.equal(spanned(prop, p), '"privileged": true');
      assert.deepEqual(codes(fixed(prop, p)), []);
      assert.deepEqual(codes(GOOD.replace('"8g"]', '"8g", "--privileged=false"]')), []);
    });

    it('--network host, --net=host, --ipc host, --pid host: errors on the flag; the fix removes flag and value', () => {
      for (const flag of ['"--network", "host"', '"--net=host"', '"--ipc", "host"', '"--pid=host"']) {
        const text = GOOD.replace('"--user"', `${flag}, "--user"`);
        const f = only(text, 'host-namespace');
        assert.equal(f.severity, 'error');
        assert.equal(spanned(text, f), flag);
        assert.equal(fixed(text, f), GOOD, flag);
      }
      assert.deepEqual(codes(GOOD.replace('"8g"]', '"8g", "--network", "bridge"]')), []);
    });

    it('an entry with a space ("--ipc host") is one word to docker: an error, split by the fix, then checked', () => {
      const text = GOOD.replace('"8g"]', '"8g", "--ipc host"]');
      const f = only(text, 'spaced-run-arg');
      assert.equal(f.severity, 'error');
      const split = fixed(text, f);
      assert.match(split, /"8g", "--ipc", "host"\]/);
      assert.deepEqual(codes(split), ['host-namespace']);
    });

    it('removing the last element keeps a trailing comma as written', () => {
      const text = GOOD.replace('"8g"]', '"8g", "--privileged",]');
      assert.equal(fixed(text, only(text, 'privileged')), GOOD.replace('"8g"]', '"8g",]'));
    });
  });

  describe('mounts', () => {
    it('a bind outside the home is a warning on that mount; inside, volumes and unresolvable sources are not', () => {
      const text = withProp(
        'mounts',
        '["source=${localEnv:HOME},target=/h,type=bind", "source=/data/shared,target=/data,type=bind", "source=cache,target=/c,type=volume", "source=${containerEnv:X},target=/x,type=bind"]',
      );
      const f = only(text, 'mount-outside-home');
      assert.equal(f.severity, 'warning');
      assert.equal(spanned(text, f), '"source=/data/shared,target=/data,type=bind"');
      assert.match(f.message, /\/data\/shared/);
    });

    it('reads -v, --mount, object mounts and workspaceMount, and resolves .. and ${localWorkspaceFolder}', () => {
      const text = GOOD.replace('"8g"]', '"8g", "-v", "/etc:/e", "--mount", "type=bind,src=/home/me/../other,dst=/o", "-v", "named:/n"]')
        .replace('"name": "proj",', '"name": "proj",\n  "workspaceMount": "source=${localWorkspaceFolder},target=/workspace,type=bind",\n  "mounts2": 1,')
        .replace('"mounts": [', '"mounts": [{ "type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock" }, ');
      const found = checkDevcontainer(text, context())
        .filter((f) => f.code === 'mount-outside-home')
        .map((f) => spanned(text, f));
      assert.deepEqual(found, [
        '"-v", "/etc:/e"',
        '"--mount", "type=bind,src=/home/me/../other,dst=/o"',
        '{ "type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock" }',
      ]);
      assert.deepEqual(
        codes(text, context({ workspaceFolder: '/srv/proj' })).filter((c) => c === 'mount-outside-home').length,
        4,
        'the workspace outside the home',
      );
    });

    it('an unset ${localEnv:X} is empty, or its default, as Dev Containers has it', () => {
      const text = withProp(
        'mounts',
        '["source=${localEnv:HOME}${localEnv:USERPROFILE}/.ssh,target=/s,type=bind", "source=${localEnv:DATA:/data}/x,target=/x,type=bind"]',
      );
      const found = checkDevcontainer(text, context()).filter((f) => f.code === 'mount-outside-home');
      assert.deepEqual(
        found.map((f) => spanned(text, f)),
        ['"source=${localEnv:DATA:/data}/x,target=/x,type=bind"'],
      );
      assert.match(found[0].message, /of \/data\/x is outside/);
    });

    it('no mount of the home: info on mounts, fixed by adding the home mount', () => {
      const text = withProp('mounts', '["source=cache,target=/c,type=volume"]');
      const f = only(text, 'no-home-mount');
      assert.equal(f.severity, 'info');
      assert.equal(spanned(text, f), '"mounts"');
      assert.deepEqual(codes(fixed(text, f)), []);
    });
  });

  it('findings come in the order of the file', () => {
    const text = '{\n  "image": "python:3",\n  "runArgs": ["--privileged", "--gpus", "9"],\n  "shutdownAction": "none"\n}\n';
    const found = checkDevcontainer(text, context());
    assert.deepEqual(
      found.map((f) => f.code),
      ['no-home-mount', 'image-not-ml', 'no-user', 'privileged', 'gpus-over-cap', 'shutdown-keeps-running'],
    );
    assert.deepEqual(
      [...found].sort((a, b) => a.span.offset - b.span.offset),
      found,
    );
  });
});
