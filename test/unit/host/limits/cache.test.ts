// The parsed limits kept in the user's cache: used only for the same file, text and parser.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedParse } from '../../../../src/host/limits/cache';
import { parseLimitsConfig } from '../../../../src/core/limits';
import { FIXTURE_HOSTS } from '../temp-host';

const FILE = join(FIXTURE_HOSTS, 'ds01-2026-07', 'config', 'runtime', 'resource-limits.yaml');

describe('host/limits/cache', () => {
  let cacheDir: string;
  let parses: number;
  const text = readFileSync(FILE, 'utf8');
  const parse =
    (t = text) =>
    () => {
      parses++;
      return parseLimitsConfig(t, FILE);
    };
  beforeEach(() => {
    cacheDir = join(mkdtempSync(join(tmpdir(), 'ds01-lc-')), 'ds01');
    parses = 0;
  });
  afterEach(() => rmSync(join(cacheDir, '..'), { recursive: true, force: true }));

  it('answers the second read of the same text from the cache, Maps and all', () => {
    const opts = { cacheDir, codeId: 'c1' };
    const first = cachedParse('limits', FILE, text, parse(), opts);
    const second = cachedParse('limits', FILE, text, parse(), opts);
    assert.equal(parses, 1);
    assert.deepEqual(second, first);
    assert.ok(second.userOverrides instanceof Map);
  });

  it('parses again when the text or the parser changed', () => {
    cachedParse('limits', FILE, text, parse(), { cacheDir, codeId: 'c1' });
    const edited = text.replace('default_group:', '# edited\ndefault_group:');
    cachedParse('limits', FILE, edited, parse(edited), { cacheDir, codeId: 'c1' });
    assert.equal(parses, 2);
    cachedParse('limits', FILE, edited, parse(edited), { cacheDir, codeId: 'c2' });
    assert.equal(parses, 3);
  });

  it('keeps no failure and uses no cache without a parser id', () => {
    assert.throws(() => cachedParse('limits', FILE, 'groups: [', parse('groups: ['), { cacheDir, codeId: 'c1' }), /malformed YAML/);
    assert.throws(() => cachedParse('limits', FILE, 'groups: [', parse('groups: ['), { cacheDir, codeId: 'c1' }), /malformed YAML/);
    assert.equal(parses, 2);
    cachedParse('limits', FILE, text, parse(), { cacheDir, codeId: null });
    cachedParse('limits', FILE, text, parse(), { cacheDir, codeId: null });
    assert.equal(parses, 4);
  });

  it('ignores an entry that others could have written', () => {
    cachedParse('limits', FILE, text, parse(), { cacheDir, codeId: 'c1' });
    const [name] = readdirSync(cacheDir);
    chmodSync(join(cacheDir, name), 0o666);
    cachedParse('limits', FILE, text, parse(), { cacheDir, codeId: 'c1' });
    assert.equal(parses, 2);
  });
});
