import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recognizeText, userFrame } from '../../../../src/core/cuda-failure';

const ROOT = join(__dirname, '../../../fixtures/cuda-failures');

interface Expected {
  kind: string;
  framework: string;
  message: string;
  frames: number;
  lastFrame: string | null;
  /** The frame a diagnostic goes on (userFrame), `file:line`. */
  userFrame: string | null;
}

const expectations = JSON.parse(readFileSync(join(ROOT, 'expectations.json'), 'utf8')) as Record<string, Expected[]>;
const failureCases = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'benign')
  .flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => `${d.name}/${f}`));
const benign = readdirSync(join(ROOT, 'benign'));
/** Where each fixture's text comes from (project, file, version). */
const sources = JSON.parse(readFileSync(join(ROOT, 'sources.json'), 'utf8')) as Record<string, string>;

describe('core/cuda-failure corpus', () => {
  it('has an expectation for every failure fixture and a fixture for every expectation', () => {
    assert.deepEqual([...failureCases].sort(), Object.keys(expectations).sort());
  });

  it('has a source note for every fixture and a fixture for every note', () => {
    assert.deepEqual([...failureCases, ...benign.map((b) => `benign/${b}`)].sort(), Object.keys(sources).sort());
    for (const [name, note] of Object.entries(sources)) assert.ok(note.trim().length > 20, name);
  });

  for (const name of failureCases) {
    it(`recognizes ${name}`, () => {
      const got = recognizeText(readFileSync(join(ROOT, name), 'utf8')).map((f) => ({
        kind: f.kind,
        framework: f.framework,
        message: f.message,
        frames: f.frames.length,
        lastFrame: f.frames.length ? `${f.frames[f.frames.length - 1].file}:${f.frames[f.frames.length - 1].line}` : null,
        userFrame: at(userFrame(f.frames)),
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
    for (const kind of ['blocked-host', 'out-of-memory', 'driver-mismatch', 'not-compiled-with-cuda', 'illegal-access', 'other-cuda', 'cpu-fallback']) {
      assert.ok(
        all.some((e) => e.kind === kind),
        kind,
      );
    }
    const frameworks = [
      'pytorch',
      'tensorflow',
      'jax',
      'cupy',
      'numba',
      'cuda-python',
      'cuda-c',
      'ds01-notice',
      'nccl',
      'lightning',
      'accelerate',
      'transformers',
      'bitsandbytes',
      'ultralytics',
      'vllm',
      'llama.cpp',
      'ollama',
      'xgboost',
      'spacy',
    ];
    for (const fw of frameworks) {
      assert.ok(
        all.some((e) => e.framework === fw),
        fw,
      );
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

  it('classifies by what happened: a wrapper saying no GPU is visible is blocked-host, one carrying on on the CPU is cpu-fallback', () => {
    const kindOf = (name: string) => recognizeText(readFileSync(join(ROOT, name), 'utf8')).map((f) => f.kind);
    assert.deepEqual(kindOf('lightning/cuda-accelerator-unavailable.txt'), ['blocked-host']);
    assert.deepEqual(kindOf('ultralytics/invalid-cuda-device.txt'), ['blocked-host']);
    assert.deepEqual(kindOf('ultralytics/invalid-device-ordinal.txt'), ['other-cuda'], 'a GPU was visible: a wrong ordinal is no host block');
    assert.deepEqual(kindOf('xgboost/no-visible-gpu.txt'), ['cpu-fallback']);
    assert.deepEqual(kindOf('nccl/distbackend-cuda-oom.txt'), ['out-of-memory']);
  });

  it('reads the location of a Python warning as its frame', () => {
    const [f] = recognizeText(
      '/home/u/proj/fit.py:12: UserWarning: [10:00:01] WARNING: /workspace/src/context.cc:55: No visible GPU is found, setting device to CPU.\n',
    );
    assert.deepEqual(f.frames, [{ file: '/home/u/proj/fit.py', line: 12 }]);
    assert.equal(f.kind, 'cpu-fallback');
  });

  it('reads torch.cuda.device_count(): 0 as a failure only below the exception that printed it', () => {
    assert.deepEqual(recognizeText('torch.cuda.is_available(): False\ntorch.cuda.device_count(): 0\n'), []);
  });

  it('gives Python frames in printed order with their functions', () => {
    const [f] = recognizeText(readFileSync(join(ROOT, 'pytorch/no-cuda-gpus.txt'), 'utf8'));
    assert.deepEqual(f.frames[0], { file: 'train.py', line: 469, function: '<module>' });
    assert.deepEqual(f.frames[1], { file: '/home/alice/proj/utils/general_utils.py', line: 139, function: 'safe_state' });
  });
});

function at(frame: { file: string; line: number } | undefined): string | null {
  return frame ? `${frame.file}:${frame.line}` : null;
}
