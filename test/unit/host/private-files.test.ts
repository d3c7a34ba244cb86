// The user's private cache and runtime files: what another user could have written is never read.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateDir, readCheckedFile, readCheckedTail, readPrivateFile, userCacheDir, userRuntimeDir, writePrivateFile } from '../../../src/host/private-files';

const isRoot = process.geteuid?.() === 0;

describe('host/private-files', () => {
  let top: string;
  let dir: string;
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'ds01-private-'));
    dir = join(top, 'ds01');
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));

  it('finds the cache and runtime folders from XDG variables, else HOME', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/c', HOME: '/h' }), '/c/ds01');
    assert.equal(userCacheDir({ HOME: '/h' }), '/h/.cache/ds01');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/h' }), '/h/.cache/ds01', 'XDG says relative paths are ignored');
    assert.equal(userRuntimeDir({ XDG_RUNTIME_DIR: '/run/user/1000' }), '/run/user/1000/ds01');
    assert.equal(userRuntimeDir({}), null);
  });

  it('creates the folder 0700 and writes files 0600 at once, leaving no temporary file', () => {
    assert.equal(privateDir(dir), true);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(writePrivateFile(dir, 'a.json', '{"x":1}'), true);
    assert.equal(statSync(join(dir, 'a.json')).mode & 0o777, 0o600);
    assert.equal(readPrivateFile(dir, 'a.json')?.data.toString(), '{"x":1}');
    assert.equal(writePrivateFile(dir, 'a.json', '{"x":2}'), true);
    assert.equal(readPrivateFile(dir, 'a.json')?.data.toString(), '{"x":2}');
    assert.deepEqual(readdirSync(dir), ['a.json']);
  });

  it('does not trust a folder others can enter or a folder that is a link', () => {
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    assert.equal(privateDir(dir), false);
    const linked = join(top, 'linked');
    symlinkSync(join(top, 'elsewhere'), linked);
    mkdirSync(join(top, 'elsewhere'), { mode: 0o700 });
    assert.equal(privateDir(linked), false);
  });

  it('does not read a link, a group-writable file or a file of another user', function () {
    privateDir(dir);
    writeFileSync(join(top, 'target'), 'planted');
    symlinkSync(join(top, 'target'), join(dir, 'link.json'));
    assert.equal(readPrivateFile(dir, 'link.json'), null);
    writeFileSync(join(dir, 'shared.json'), 'x');
    chmodSync(join(dir, 'shared.json'), 0o620);
    assert.equal(readPrivateFile(dir, 'shared.json'), null);
    if (!isRoot) return this.skip();
    writeFileSync(join(dir, 'theirs.json'), 'x', { mode: 0o600 });
    chownSync(join(dir, 'theirs.json'), 65534, 65534);
    assert.equal(readPrivateFile(dir, 'theirs.json'), null);
  });

  it('checked reads: the whole file within its cap, or its last bytes; never a link or a FIFO, nor what `trusted` refuses', () => {
    const file = join(top, 'log');
    writeFileSync(file, '0123456789');
    const any = () => true;
    assert.equal(readCheckedFile(file, any, 10)?.data.toString(), '0123456789');
    assert.equal(readCheckedFile(file, any, 9), null, 'over the cap: nothing, not a part');
    assert.equal(readCheckedTail(file, any, 4)?.data.toString(), '6789');
    assert.equal(readCheckedTail(file, any, 4)?.stats.size, 10);
    assert.equal(readCheckedTail(file, any, 64)?.data.toString(), '0123456789');
    assert.equal(
      readCheckedFile(file, (st) => st.uid === 12345, 64),
      null,
    );
    assert.equal(
      readCheckedTail(file, (st) => st.uid === 12345, 64),
      null,
    );
    symlinkSync(file, join(top, 'link'));
    assert.equal(readCheckedFile(join(top, 'link'), any, 64), null);
    assert.equal(readCheckedTail(join(top, 'link'), any, 64), null);
    execFileSync('mkfifo', [join(top, 'fifo')]);
    assert.equal(readCheckedFile(join(top, 'fifo'), any, 64), null);
    assert.equal(readCheckedTail(join(top, 'fifo'), any, 64), null);
  });

  it('does not write through a link planted under the temporary name', () => {
    privateDir(dir);
    // The final name is replaced by rename, which replaces a link itself and never writes through it.
    writeFileSync(join(top, 'victim'), 'keep');
    symlinkSync(join(top, 'victim'), join(dir, 'b.json'));
    assert.equal(writePrivateFile(dir, 'b.json', 'new'), true);
    assert.equal(readPrivateFile(dir, 'b.json')?.data.toString(), 'new');
    assert.equal(statSync(join(top, 'victim')).size, 4);
  });
});
