import { strict as assert } from 'node:assert';
import { wrap } from '../../../src/cli/wrap';

describe('cli: wrap', () => {
  it("keeps lines within 80 columns, the first line's indent, and the next lines' indent", () => {
    const text = `  ${'word '.repeat(40).trim()}`;
    const lines = wrap(text, '    ').split('\n');
    assert.ok(lines.length > 1);
    assert.ok(
      lines.every((l) => l.length <= 80),
      lines.join('\n'),
    );
    assert.ok(lines[0].startsWith('  word'));
    assert.ok(lines.slice(1).every((l) => l.startsWith('    word')));
    assert.equal(lines.join(' ').replace(/ +/g, ' ').trim(), text.trim());
  });

  it('gives a word longer than a line a line of its own, uncut', () => {
    const path = `/${'x'.repeat(100)}`;
    assert.equal(wrap(`see ${path} now`), `see\n  ${path}\n  now`);
  });
});
