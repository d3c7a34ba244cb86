import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CudaFailureRecognizer, deepestCellFrame, recognizeText, userFrame, cellFrame, notebookErrorText } from '../../../../src/core/cuda-failure';

const FIXTURES = join(__dirname, '../../../fixtures/notebook-errors');

/** What the error output VS Code's Jupyter extension makes of a kernel error message reads as. */
function errorOutputText(name: string): string {
  const e = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { ename: string; evalue: string; traceback: string[] };
  return notebookErrorText({ name: e.ename, message: e.evalue, stack: e.traceback.join('\n') });
}

function only<T>(list: T[]): T {
  assert.equal(list.length, 1, JSON.stringify(list));
  return list[0];
}

describe('core/cuda-failure notebook cell frames', () => {
  it('IPython 8 with ANSI colours: the cell In[1], line 3 of a real ipykernel traceback', () => {
    const f = only(recognizeText(errorOutputText('ipython8-cuda-one-cell.json')));
    assert.equal(f.kind, 'blocked-host');
    assert.deepEqual(
      f.frames.map((x) => `${x.file}:${x.line}`),
      [
        'Cell In[1]:3',
        '/home/alice/venv/lib/python3.11/site-packages/torch/__init__.py:3',
        '/home/alice/venv/lib/python3.11/site-packages/torch/cuda/__init__.py:5',
      ],
    );
    assert.deepEqual(deepestCellFrame(f.frames), { executionCount: 1, line: 3 });
  });

  it('a function defined in an earlier cell: the deepest cell frame is that cell (In[1], line 3), not the caller', () => {
    const f = only(recognizeText(errorOutputText('ipython8-cuda-two-cells.json')));
    assert.deepEqual(
      f.frames.slice(0, 2).map((x) => `${x.file}:${x.line}`),
      ['Cell In[2]:1', 'Cell In[1]:3'],
    );
    assert.deepEqual(deepestCellFrame(f.frames), { executionCount: 1, line: 3 });
    assert.deepEqual(cellFrame(userFrame(f.frames)!), { executionCount: 1, line: 3 }, 'the user frame is the cell');
  });

  it('IPython 7: "<ipython-input-3-…> in <module>" takes its line from the "----> 2" arrow', () => {
    const f = only(recognizeText(errorOutputText('ipython7-cuda-cell.json')));
    assert.equal(f.message, 'RuntimeError: No CUDA GPUs are available');
    assert.deepEqual(f.frames, [
      { file: '<ipython-input-3-8f2c3b7e1a4d>', line: 2, function: '<module>' },
      { file: '/usr/local/lib/python3.7/dist-packages/torch/cuda/__init__.py', line: 172, function: '_lazy_init' },
    ]);
    assert.deepEqual(deepestCellFrame(f.frames), { executionCount: 3, line: 2 });
  });

  it('IPython 7 chunked at every offset gives the same frames', () => {
    const text = errorOutputText('ipython7-cuda-cell.json');
    const whole = recognizeText(text);
    for (let i = 1; i < text.length; i += 7) {
      const r = new CudaFailureRecognizer();
      assert.deepEqual([...r.push(text.slice(0, i)), ...r.push(text.slice(i)), ...r.end()], whole, `split at ${i}`);
    }
  });

  it('IPython 8.0-8.5 "Input In [3], in <cell line: 2>()" and a cell function whose line is on the arrow', () => {
    const text = [
      '---------------------------------------------------------------------------',
      'RuntimeError                              Traceback (most recent call last)',
      'Input In [3], in <cell line: 2>()',
      '      1 import torch',
      '----> 2 make()',
      '',
      'Input In [2], in make()',
      '      1 def make():',
      '----> 2     return torch.zeros(1).cuda()',
      '',
      'File /opt/conda/lib/python3.9/site-packages/torch/cuda/__init__.py:217, in _lazy_init()',
      '--> 217 torch._C._cuda_init()',
      '',
      'RuntimeError: No CUDA GPUs are available',
    ].join('\n');
    const f = only(recognizeText(text));
    assert.deepEqual(
      f.frames.map((x) => `${x.file}:${x.line}`),
      ['Cell In[3]:2', 'Cell In[2]:2', '/opt/conda/lib/python3.9/site-packages/torch/cuda/__init__.py:217'],
    );
    assert.deepEqual(deepestCellFrame(f.frames), { executionCount: 2, line: 2 });
  });

  it('ipykernel 6 under IPython 7 names the cell by a temp file: the cell frame has no execution count', () => {
    const text = [
      'RuntimeError                              Traceback (most recent call last)',
      '/tmp/ipykernel_8076/61218616.py in <module>',
      '----> 1 x = torch.zeros(1).cuda()',
      '',
      '/usr/lib/python3/dist-packages/torch/cuda/__init__.py in _lazy_init()',
      '--> 172         torch._C._cuda_init()',
      '',
      'RuntimeError: No CUDA GPUs are available',
    ].join('\n');
    assert.deepEqual(deepestCellFrame(only(recognizeText(text)).frames), { executionCount: null, line: 1 });
  });

  it('links VS Code\'s renderer put around "line 1" and the arrow number do not hide the frame', () => {
    const text = [
      'AssertionError                            Traceback (most recent call last)',
      "Cell In[2], <a href='vscode-notebook-cell:?execution_count=2&line=1'>line 1</a>",
      "----> <a href='vscode-notebook-cell:?execution_count=2&line=1'>1</a> torch.zeros(1).cuda()",
      '',
      'RuntimeError: No CUDA GPUs are available',
    ].join('\n');
    assert.deepEqual(deepestCellFrame(only(recognizeText(text)).frames), { executionCount: 2, line: 1 });
  });

  it('an IPython 7 frame header without an arrow line gives no frame (its line is unknown)', () => {
    const text = [
      'RuntimeError                              Traceback (most recent call last)',
      '<ipython-input-4-0a1b2c3d4e5f> in <module>',
      '/usr/lib/python3/dist-packages/torch/cuda/__init__.py in _lazy_init()',
      '--> 172         torch._C._cuda_init()',
      '',
      'RuntimeError: No CUDA GPUs are available',
    ].join('\n');
    const f = only(recognizeText(text));
    assert.deepEqual(
      f.frames.map((x) => x.file),
      ['/usr/lib/python3/dist-packages/torch/cuda/__init__.py'],
    );
    assert.equal(deepestCellFrame(f.frames), undefined);
  });

  it('the error text: the exception line once, added when the stack lacks it', () => {
    assert.equal(notebookErrorText({ name: 'E', message: 'm', stack: 'Traceback\n\u001b[0;31mE\u001b[0m: m' }), 'Traceback\n\u001b[0;31mE\u001b[0m: m\n');
    assert.equal(notebookErrorText({ name: 'E', message: 'm', stack: '' }), 'E: m\n');
    assert.equal(notebookErrorText({ name: 'E', message: 'm', stack: 'a\n' }), 'a\nE: m\n');
  });

  it('files are not cells; a benign ValueError in a cell is no failure', () => {
    assert.equal(cellFrame({ file: '/home/alice/proj/train.py', line: 3 }), undefined);
    assert.equal(deepestCellFrame([{ file: 'train.py', line: 3 }]), undefined);
    assert.deepEqual(recognizeText(errorOutputText('ipython8-value-error.json')), []);
  });
});
