// The launcher of the built CLI (src/cli/launch.ts): every command runs from dist/cli-main.js through V8's code
// cache, one per command word, kept in the user's cache folder; a bad or foreign cache is never run, and the answer
// never changes.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_HOSTS } from '../host/temp-host';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');
const CONFIG = join(FIXTURE_HOSTS, 'ds01-2026-07', 'config', 'runtime', 'resource-limits.yaml');

describe('cli: start-up through the code cache', function () {
  this.timeout(60000);
  let cache: string;
  const ds01 = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache, NO_COLOR: '1', ...env } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const codeFiles = () => (existsSync(join(cache, 'ds01', 'code')) ? readdirSync(join(cache, 'ds01', 'code')).sort() : []);

  before(() => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO }));
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'ds01-xdg-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('runs limits, keeps its code cache and parsed limits, and answers the same again', () => {
    const args = ['--config', CONFIG, 'limits', '--json', '--user', 'bob'];
    const first = ds01(args);
    const files = codeFiles();
    assert.equal(files.length, 1, files.join());
    assert.match(files[0], /^cli-main\.limits\.v\d+/);
    assert.ok(readdirSync(join(cache, 'ds01')).some((f) => /^limits-[0-9a-f]{8}\.json$/.test(f)));
    assert.equal(ds01(args), first);
    const second = codeFiles();
    assert.equal(second.length, 1, second.join());
    assert.match(second[0], /\.2\.v8$/, 'the first run that used the cache writes it once more, with what that run compiled');
    assert.equal(ds01(args), first);
    assert.deepEqual(codeFiles(), second, 'a second-generation cache that fits is used, not rewritten');
  });

  it('replaces a code cache V8 rejects, and ignores one others could have written', () => {
    ds01(['limits', '--json', '--config', CONFIG]);
    const [name] = codeFiles();
    const file = join(cache, 'ds01', 'code', name);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const out = ds01(['limits', '--json', '--config', CONFIG]);
    assert.equal(JSON.parse(out).group, 'student');
    assert.ok(readdirSync(join(cache, 'ds01', 'code')).length === 1);
    chmodSync(file, 0o666);
    assert.equal(ds01(['limits', '--json', '--config', CONFIG]), out);
  });

  it('keeps a cache of its own for help; DS01_CODE_CACHE=off keeps nothing', () => {
    assert.match(ds01(['help']), /container deploy/);
    assert.ok(codeFiles().some((f) => f.startsWith('cli-main.help.')));
    rmSync(join(cache, 'ds01'), { recursive: true });
    ds01(['limits', '--json', '--config', CONFIG], { DS01_CODE_CACHE: 'off' });
    assert.deepEqual(codeFiles(), []);
  });
});
