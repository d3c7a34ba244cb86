import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CudaFailureRecognizer, recognizeText, userFrame, type CudaFailure } from '../../../../src/core/cuda-failure';

const ROOT = join(__dirname, '../../../fixtures/cuda-failures');
const read = (name: string): string => readFileSync(join(ROOT, name), 'utf8');

function inChunks(chunks: string[]): CudaFailure[] {
  const r = new CudaFailureRecognizer();
  const out: CudaFailure[] = [];
  for (const c of chunks) out.push(...r.push(c));
  return [...out, ...r.end()];
}

describe('core/cuda-failure streaming', () => {
  it('gives the same records whatever offset splits the text in two', () => {
    // CRLF line ends, an escape sequence and a "\r" rewrite, so splits land inside each of them.
    const sample = `\u001b]633;C\u0007${read('pytorch/two-bursts.txt')}`.replace(/\n/g, '\r\n').replace('step 3 loss', 'step 2\rstep 3 loss');
    const whole = recognizeText(sample);
    assert.equal(whole.length, 2);
    for (let i = 0; i <= sample.length; i++) {
      assert.deepEqual(inChunks([sample.slice(0, i), sample.slice(i)]), whole, `split at ${i}`);
    }
  });

  it('gives the same records one character at a time', () => {
    const sample = read('numba/cuinit-no-device.txt') + read('ds01-notice/box-yellow.txt');
    assert.deepEqual(inChunks([...sample]), recognizeText(sample));
  });

  it('strips colours, OSC 633/133 shell integration and titles before matching', () => {
    const text =
      '\u001b]633;A\u0007\u001b]133;B\u0007\u001b]0;python run.py\u0007\u001b[1;31mRuntimeError\u001b[0m: No \u001b[4mCUDA\u001b[24m GPUs are available\u001b]633;D;1\u0007\n';
    const [f] = recognizeText(text);
    assert.equal(f.message, 'RuntimeError: No CUDA GPUs are available');
    assert.equal(f.kind, 'blocked-host');
  });

  it('keeps only the last version of a line rewritten with \\r', () => {
    const failures = recognizeText('loading 10%\rRuntimeError: No CUDA GPUs are available\rdone 100%\n');
    assert.deepEqual(failures, []);
    const [f] = recognizeText('loading 10%\rloading 90%\rRuntimeError: No CUDA GPUs are available\n');
    assert.equal(f.message, 'RuntimeError: No CUDA GPUs are available');
  });

  it('makes one record of a burst: TF log line, later traceback and the notice box', () => {
    const text = read('tensorflow/cuinit-then-error.txt') + read('ds01-notice/box-alone.txt');
    const failures = recognizeText(text);
    assert.equal(failures.length, 1);
    assert.equal(failures[0].framework, 'tensorflow');
    assert.match(failures[0].message, /failed call to cuInit: CUDA_ERROR_NO_DEVICE/);
    assert.equal(failures[0].frames.length, 2);
  });

  it('closes a burst after burstGapLines quiet lines, and on flush()', () => {
    const line = 'RuntimeError: No CUDA GPUs are available\n';
    const r = new CudaFailureRecognizer({ burstGapLines: 3 });
    assert.deepEqual(r.push(line + 'a\nb\n'), []);
    assert.equal(r.push('c\n').length, 1);
    assert.deepEqual(r.push(line), []);
    assert.equal(r.flush().length, 1);
    assert.deepEqual(r.end(), []);
  });

  it('reports a final line without a newline at end()', () => {
    const r = new CudaFailureRecognizer();
    assert.deepEqual(r.push('AssertionError: Torch not compiled with CUDA enabled'), []);
    assert.equal(r.end()[0].kind, 'not-compiled-with-cuda');
  });

  it('keeps the deepest frames of a very deep traceback and finds the user frame', () => {
    const frames = Array.from({ length: 500 }, (_, i) => `  File "/home/u/rec.py", line ${i + 1}, in f\n    f()\n`).join('');
    const text = `Traceback (most recent call last):\n${frames}  File "/v/lib/python3.11/site-packages/torch/cuda/__init__.py", line 302, in _lazy_init\n    torch._C._cuda_init()\nRuntimeError: No CUDA GPUs are available\n`;
    const [f] = recognizeText(text, { maxFrames: 10 });
    assert.equal(f.frames.length, 10);
    assert.equal(f.frames[9].line, 302);
    assert.deepEqual(userFrame(f.frames), { file: '/home/u/rec.py', line: 500, function: 'f' });
  });

  it('bounds an endless line: a failure at its end is still seen, its start is dropped', () => {
    const r = new CudaFailureRecognizer({ maxLineLength: 1000 });
    for (let i = 0; i < 1000; i++) r.push('x'.repeat(1000));
    r.push(' RuntimeError: No CUDA GPUs are available');
    const [f] = r.end();
    assert.equal(f.message.length <= 1000, true);
    assert.match(f.message, /No CUDA GPUs are available$/);
  });
});
