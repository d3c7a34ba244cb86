import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recognizeText } from '../../../../src/core/cuda-failure';

const ROOT = join(__dirname, '../../../fixtures/cuda-failures');

interface Expected {
  kind: string;
  framework: string;
  message: string;
  frames: number;
  lastFrame: string | null;
}

const expectations = JSON.parse(readFileSync(join(ROOT, 'expectations.json'), 'utf8')) as Record<string, Expected[]>;
const failureCases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'benign')
  .flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => `${d.name}/${f}`));
const benign = readdirSync(join(ROOT, 'benign'));

describe('core/cuda-failure corpus', () => {
  it('has an expectation for every failure fixture and a fixture for every expectation', () => {
    assert.deepEqual([...failureCases].sort(), Object.keys(expectations).sort());
  });

  for (const name of failureCases) {
    it(`recognizes ${name}`, () => {
      const got = recognizeText(readFileSync(join(ROOT, name), 'utf8')).map((f) => ({
        kind: f.kind,
        framework: f.framework,
        message: f.message,
        frames: f.frames.length,
        lastFrame: f.frames.length ? `${f.frames[f.frames.length - 1].file}:${f.frames[f.frames.length - 1].line}` : null,
      }));
      assert.deepEqual(got, expectations[name]);
    });
  }

  it('reports blocked exactly for blocked-host failures', () => {
    for (const name of failureCases) {
      for (const f of recognizeText(readFileSync(join(ROOT, name), 'utf8'))) assert.equal(f.blocked, f.kind === 'blocked-host', name);
    }
  });

  it('covers every kind and framework the record can carry', () => {
    const all = Object.values(expectations).flat();
    for (const kind of ['blocked-host', 'out-of-memory', 'driver-mismatch', 'not-compiled-with-cuda', 'illegal-access', 'other-cuda']) {
      assert.ok(all.some((e) => e.kind === kind), kind);
    }
    for (const fw of ['pytorch', 'tensorflow', 'jax', 'cupy', 'numba', 'cuda-python', 'cuda-c', 'ds01-notice']) {
      assert.ok(all.some((e) => e.framework === fw), fw);
    }
  });

  for (const name of benign) {
    it(`finds nothing in benign/${name}`, () => {
      assert.deepEqual(recognizeText(readFileSync(join(ROOT, 'benign', name), 'utf8')), []);
    });
  }

  it('keeps "Torch not compiled with CUDA enabled" apart from a blocked host', () => {
    const [f] = recognizeText(readFileSync(join(ROOT, 'pytorch/not-compiled.txt'), 'utf8'));
    assert.equal(f.kind, 'not-compiled-with-cuda');
    assert.equal(f.blocked, false);
  });

  it('gives Python frames in printed order with their functions', () => {
    const [f] = recognizeText(readFileSync(join(ROOT, 'pytorch/no-cuda-gpus.txt'), 'utf8'));
    assert.deepEqual(f.frames[0], { file: 'train.py', line: 469, function: '<module>' });
    assert.deepEqual(f.frames[1], { file: '/home/alice/proj/utils/general_utils.py', line: 139, function: 'safe_state' });
  });
});
