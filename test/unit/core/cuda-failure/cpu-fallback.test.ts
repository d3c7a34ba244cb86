import { strict as assert } from 'node:assert';
import { applyLineEdits, cpuFallbackEdits } from '../../../../src/core/cuda-failure/cpu-fallback';

const fix = (line: string) => applyLineEdits(line, cpuFallbackEdits(line));

describe('core/cuda-failure/cpu-fallback', () => {
  it('rewrites torch.device("cuda") and torch.device(\'cuda:0\')', () => {
    assert.equal(fix('dev = torch.device("cuda")'), 'dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")');
    assert.equal(fix("dev = torch.device('cuda:0')"), 'dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")');
  });

  it('rewrites .cuda() and .to("cuda")', () => {
    assert.equal(fix('model = Net().cuda()'), 'model = Net().to("cuda" if torch.cuda.is_available() else "cpu")');
    assert.equal(fix('x = x.to("cuda")'), 'x = x.to("cuda" if torch.cuda.is_available() else "cpu")');
  });

  it('rewrites device="cuda" keyword arguments, several on one line', () => {
    assert.equal(
      fix('a = torch.zeros(3, device="cuda"); b = torch.ones(3, device=\'cuda\')'),
      'a = torch.zeros(3, device="cuda" if torch.cuda.is_available() else "cpu"); b = torch.ones(3, device="cuda" if torch.cuda.is_available() else "cpu")',
    );
  });

  it('gives the offsets of each edit and a title', () => {
    const edits = cpuFallbackEdits('x = y.cuda()');
    assert.equal(edits.length, 1);
    assert.deepEqual([edits[0].start, edits[0].end], [5, 12]);
    assert.match(edits[0].title, /Fall back to the CPU/);
  });

  it('leaves lines alone that already choose, or do not hard-code cuda', () => {
    assert.deepEqual(cpuFallbackEdits('dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")'), []);
    assert.deepEqual(cpuFallbackEdits('print(torch.cuda.device_count())'), []);
    assert.deepEqual(cpuFallbackEdits('x = x.to(device)'), []);
  });
});
