import { strict as assert } from 'node:assert';
import { toBytes, toLimitNumber, toSeconds } from '../../../../src/core/limits/units';

function value(r: { ok: boolean; value?: number }): number | undefined {
  return r.ok ? r.value : undefined;
}

describe('core/limits/units', () => {
  it('reads duration strings in s, m, h and d', () => {
    assert.equal(value(toSeconds('0.5h', null)), 1800);
    assert.equal(value(toSeconds('30m', null)), 1800);
    assert.equal(value(toSeconds('24h', null)), 86400);
    assert.equal(value(toSeconds('90s', null)), 90);
    assert.equal(value(toSeconds('2d', null)), 172800);
    assert.equal(value(toSeconds('0.25H', null)), 900);
  });

  it('reads numbers under *_h, *_m and *_s keys in that unit', () => {
    assert.equal(value(toSeconds(24, 'h')), 86400);
    assert.equal(value(toSeconds(0.5, 'h')), 1800);
    assert.equal(value(toSeconds(30, 'm')), 1800);
    assert.equal(value(toSeconds(60, 's')), 60);
    assert.equal(value(toSeconds('15m', 'h')), 900, 'an explicit unit wins over the key');
  });

  it('refuses a bare number under a key without a unit, and garbage anywhere', () => {
    const bare = toSeconds(24, null);
    assert.equal(bare.ok, false);
    if (!bare.ok) assert.match(bare.reason, /unit/);
    assert.equal(toSeconds('soon', null).ok, false);
    assert.equal(toSeconds('soon', 'h').ok, false);
    const neg = toSeconds(-1, 'h');
    assert.equal(neg.ok, false);
    if (!neg.ok) assert.match(neg.reason, /negative/);
  });

  it('reads sizes as binary multiples and plain bytes', () => {
    assert.equal(value(toBytes('32g')), 32 * 1024 ** 3);
    assert.equal(value(toBytes('512m')), 512 * 1024 ** 2);
    assert.equal(value(toBytes('1t')), 1024 ** 4);
    assert.equal(value(toBytes('96G')), 96 * 1024 ** 3);
    assert.equal(value(toBytes('500MiB')), 500 * 1024 ** 2);
    assert.equal(value(toBytes(1048576)), 1048576);
    assert.equal(value(toBytes('4096')), 4096);
  });

  it('refuses negative and malformed sizes', () => {
    assert.equal(toBytes('-1g').ok, false);
    assert.equal(toBytes(-5).ok, false);
    assert.equal(toBytes('lots').ok, false);
    assert.equal(toBytes('32x').ok, false);
  });

  it('checks limit numbers: non-negative, whole where asked, numeric strings accepted', () => {
    assert.equal(value(toLimitNumber(2.5, false)), 2.5);
    assert.equal(value(toLimitNumber('32', true)), 32);
    assert.equal(toLimitNumber(2.5, true).ok, false);
    assert.equal(toLimitNumber(-1, false).ok, false);
    assert.equal(toLimitNumber('many', false).ok, false);
    assert.equal(toLimitNumber(true, false).ok, false);
  });
});
