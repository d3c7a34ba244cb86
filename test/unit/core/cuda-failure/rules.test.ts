import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEYWORDS, KIND_RULES, matchesAnyKind, startAtKeyword, topLevelAlternatives } from '../../../../src/core/cuda-failure/rules';

const ROOT = join(__dirname, '../../../fixtures/cuda-failures');

describe('core/cuda-failure rules: the keyed scan', () => {
  it('splits a regex source at top-level bars only', () => {
    assert.deepEqual(topLevelAlternatives('a|b(?:c|d)|[|]x|e\\|f'), ['a', 'b(?:c|d)', '[|]x', 'e\\|f']);
  });

  it('starts an alternative at its first top-level keyword, the rest checked behind it', () => {
    assert.equal(startAtKeyword('no CUDA-capable device'), 'CUDA(?<=no CUDA)-capable device');
    assert.equal(startAtKeyword('\\bCUDA error: \\S'), 'CUDA(?<=\\bCUDA) error: \\S');
    assert.equal(startAtKeyword('CUDA_ERROR_NO_DEVICE'), 'CUDA_ERROR_NO_DEVICE');
    assert.equal(startAtKeyword('No (?:GPU )?x GPU y'), 'GPU(?<=No (?:GPU )?x GPU) y', 'not inside a group');
    assert.equal(startAtKeyword('does not match DSO version'), 'does not match DSO version', 'no keyword: unchanged');
  });

  it('agrees with testing every kind rule on every line of the corpus (failures and benign)', () => {
    const files = readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => join(ROOT, d.name, f)));
    let matched = 0;
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const reference = KEYWORDS.some((k) => line.includes(k)) && KIND_RULES.some((r) => r.pattern.test(line));
        assert.equal(matchesAnyKind(line), reference, `${file}: ${line}`);
        if (reference) matched++;
      }
    }
    assert.ok(matched > 50, `only ${matched} failure lines`);
  });

  it('every rule phrase can be reached: each alternative has a keyword or is on the short list of those without', () => {
    const unkeyed = KIND_RULES.flatMap((r) => topLevelAlternatives(r.pattern.source)).filter((a) => !KEYWORDS.some((k) => startAtKeyword(a).startsWith(k)));
    assert.deepEqual(unkeyed, ['does not match DSO version', 'forward compatibility was attempted on non supported HW']);
  });
});
