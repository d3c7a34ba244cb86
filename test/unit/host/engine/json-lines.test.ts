import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { readJsonLines } from '../../../../src/host/engine/json-lines';

async function feed(chunks: Buffer[], options?: { lastLine?: boolean }): Promise<{ values: unknown[]; bad: string[] }> {
  const stream = new PassThrough();
  const values: unknown[] = [];
  const bad: string[] = [];
  readJsonLines(
    stream,
    (v) => {
      if (v === 'refused') throw new Error('refused');
      values.push(v);
    },
    (text) => bad.push(text),
    options,
  );
  for (const c of chunks) stream.write(c);
  stream.end();
  await once(stream, 'end');
  return { values, bad };
}

describe('host/engine json-lines', () => {
  it('joins lines split across chunks (a character too), skips blank lines, hands on what is not JSON', async () => {
    const text = Buffer.from('{"a":1}\n\n  {"b":"é"}  \nnot json\n"refused"\n{"c":');
    const cut = text.indexOf(Buffer.from('é')) + 1;
    const { values, bad } = await feed([text.subarray(0, 3), text.subarray(3, cut), text.subarray(cut)]);
    assert.deepEqual(values, [{ a: 1 }, { b: 'é' }]);
    assert.deepEqual(bad, ['not json\n', '"refused"\n']);
  });
  it('takes the unterminated last line only when asked, as it came', async () => {
    assert.deepEqual(await feed([Buffer.from('{"a":1}\n{"b":2}')], { lastLine: true }), { values: [{ a: 1 }, { b: 2 }], bad: [] });
    assert.deepEqual(await feed([Buffer.from('{"a":1}\n tail ')], { lastLine: true }), { values: [{ a: 1 }], bad: [' tail '] });
    assert.deepEqual(await feed([Buffer.from('{"a":1}\n{"b":2}')]), { values: [{ a: 1 }], bad: [] });
  });
});
