import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { BUILD_DOCKERFILE, packContext, readBuildContext } from '../../../../src/host/images/context';
import { writeProjectDockerfile } from '../../../../src/host/images/write-dockerfile';
import { isProblemError } from '../../../../src/core/problem';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ds01-ctx-'));
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), body);
  }
  return dir;
}

async function entries(dir: string, dockerfile = 'FROM x\n'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const x = extract();
  x.on('entry', (h, stream, next) => {
    let body = '';
    stream.on('data', (d: Buffer) => {
      body += d.toString();
    });
    stream.on('end', () => {
      out[h.name.replace(/\/$/, '')] = h.type === 'file' ? body : `<${h.type}>`;
      next();
    });
  });
  const done = new Promise((r) => x.on('finish', r));
  packContext(readBuildContext(dir), dockerfile).pipe(x);
  await done;
  return out;
}

describe('host/images/context', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('packs what .dockerignore leaves (with ! exceptions), the build Dockerfile, and a .dockerignore that leaves it out of COPY', async () => {
    const dir = tree({
      Dockerfile: 'FROM x\n',
      '.dockerignore': 'data\n*.log\n!keep.log\n',
      'src/a.py': 'a',
      'data/big.bin': 'b',
      'x.log': 'l',
      'keep.log': 'k',
    });
    dirs.push(dir);
    const e = await entries(dir, 'FROM x\nLABEL a="b"\n');
    assert.deepEqual(
      Object.keys(e)
        .filter((k) => !k.startsWith('.') || k === BUILD_DOCKERFILE || k === '.dockerignore')
        .sort(),
      ['.dockerignore', BUILD_DOCKERFILE, 'Dockerfile', 'keep.log', 'src', 'src/a.py'],
    );
    assert.equal(e[BUILD_DOCKERFILE], 'FROM x\nLABEL a="b"\n');
    assert.equal(e['.dockerignore'], `data\n*.log\n!keep.log\n\n${BUILD_DOCKERFILE}\n`);
  });

  it('a folder without .dockerignore gets one that leaves out itself and the build Dockerfile', async () => {
    const dir = tree({ Dockerfile: 'FROM x\n', 'a.txt': 'a' });
    dirs.push(dir);
    const e = await entries(dir);
    assert.equal(e['.dockerignore'], `.dockerignore\n\n${BUILD_DOCKERFILE}\n`);
    assert.equal(e['a.txt'], 'a');
  });

  it('links are packed as links, never followed; a Dockerfile linked out of the folder is refused', async () => {
    const outside = tree({ Dockerfile: 'FROM y\n', secret: 's' });
    const dir = tree({ 'a.txt': 'a' });
    const packed = tree({ Dockerfile: 'FROM x\n' });
    dirs.push(outside, dir, packed);
    symlinkSync(join(outside, 'secret'), join(packed, 'link'));
    assert.equal((await entries(packed)).link, '<symlink>', 'the link itself, not the file it points to');
    symlinkSync(join(outside, 'secret'), join(dir, 'link'));
    symlinkSync(join(outside, 'Dockerfile'), join(dir, 'Dockerfile'));
    assert.throws(() => readBuildContext(dir), /is outside the project folder/);
    assert.throws(
      () => readBuildContext(dir, { dockerfile: '../x' }),
      (e) => isProblemError(e) && e.problem.kind === 'not-found',
    );
  });

  it('refuses a context above the cap, naming the largest entries', () => {
    const dir = tree({ Dockerfile: 'FROM x\n', 'data/a.bin': 'x'.repeat(3000), 'small.txt': 'y' });
    dirs.push(dir);
    assert.throws(() => readBuildContext(dir, { maxBytes: 2000 }), /larger than .* largest: data \(/);
    assert.equal(readBuildContext(dir, { maxBytes: 10_000 }).bytes, 3000 + 1 + 7);
  });

  it("writes a DS01 Dockerfile with the project's requirements, never over an existing one", () => {
    const dir = tree({ 'requirements.txt': 'numpy\ntorch >= 2\n' });
    dirs.push(dir);
    const w = writeProjectDockerfile(dir, { name: 'u', uid: 5, gid: 5 }, 'pytorch', { name: 'proj', driverVersion: '550.1' });
    assert.equal(w.baseImage, 'pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime');
    assert.deepEqual(w.packages, ['numpy', 'torch>=2']);
    assert.match(readFileSync(w.path, 'utf8'), /LABEL ds01.project="proj"/);
    assert.throws(() => writeProjectDockerfile(dir, { name: 'u', uid: 5, gid: 5 }, 'jax'), /exists already: it is left as it is/);
  });
});
