import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { sanitizeUserName } from '../../../../src/core/limits/sanitize';

describe('core/limits/sanitize', () => {
  it('drops the domain and turns dots into underscores', () => {
    assert.equal(sanitizeUserName('h.baker@hertie-school.lan'), 'h_baker');
    assert.equal(sanitizeUserName('john.doe'), 'john_doe');
    assert.equal(sanitizeUserName('alice'), 'alice');
  });

  it('replaces other invalid characters, collapses repeats and trims underscores', () => {
    assert.equal(sanitizeUserName('a..b--c'), 'a_b_c');
    assert.equal(sanitizeUserName('.x y.'), 'x_y');
    assert.equal(sanitizeUserName('svc:gpu'), 'svc:gpu');
  });

  it('cuts names over 32 characters to 27 + "_" + 4 hex of the md5 of the original name', () => {
    const long = 'a.very.long.username.that.keeps.going@example.org';
    const md5 = createHash('md5').update(long).digest('hex').slice(0, 4);
    const out = sanitizeUserName(long);
    assert.equal(out, `a_very_long_username_that_k_${md5}`);
    assert.equal(out.length, 32);
    assert.notEqual(sanitizeUserName(`${long}x`), out, 'different long names stay apart');
  });

  it('keeps exactly 32 characters untouched and strips a trailing underscore before the suffix', () => {
    const exact = 'b'.repeat(32);
    assert.equal(sanitizeUserName(exact), exact);
    const name = `${'c'.repeat(26)}.dddddddddd`;
    const out = sanitizeUserName(name);
    assert.match(out, new RegExp(`^c{26}_[0-9a-f]{4}$`));
  });
});
