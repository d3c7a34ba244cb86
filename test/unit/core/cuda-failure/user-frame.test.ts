import { strict as assert } from 'node:assert';
import { cellFrame, recognizeText, userFrame } from '../../../../src/core/cuda-failure';

// A script in the workspace calls a library that is neither in the workspace nor in site-packages (a
// folder on sys.path, an editable install, a shared folder), which then calls torch.
const THROUGH_SHARED_LIBRARY = `Traceback (most recent call last):
  File "/home/u/proj/train.py", line 12, in <module>
    main()
  File "/home/u/proj/train.py", line 8, in main
    model = build()
  File "/srv/shared/labtools/models.py", line 40, in build
    return Net().to(device())
  File "/srv/shared/labtools/devices.py", line 5, in device
    torch.cuda.init()
  File "/home/u/proj/.venv/lib/python3.11/site-packages/torch/cuda/__init__.py", line 314, in _lazy_init
    torch._C._cuda_init()
RuntimeError: No CUDA GPUs are available
`;

const inProject = (file: string) => file.startsWith('/home/u/proj/');

describe('core/cuda-failure/user-frame', () => {
  const frames = recognizeText(THROUGH_SHARED_LIBRARY)[0].frames;

  it('without a workspace: the deepest frame outside installed packages (the shared library)', () => {
    assert.equal(userFrame(frames)?.file, '/srv/shared/labtools/devices.py');
  });

  it("with a workspace: the deepest frame inside it, past libraries elsewhere; never the venv's site-packages", () => {
    assert.deepEqual(
      userFrame(frames, (f) => inProject(f.file)),
      { file: '/home/u/proj/train.py', line: 8, function: 'main' },
    );
  });

  it('none when no frame lies in the workspace', () => {
    assert.equal(
      userFrame(frames, (f) => f.file.startsWith('/elsewhere/')),
      undefined,
    );
  });

  it('a notebook cell the scope accepts is chosen when it is deeper than any workspace file', () => {
    const cell = recognizeText(`Traceback (most recent call last):
  Cell In[4], line 2
    x = build()
  File "/srv/shared/labtools/models.py", line 40, in build
    torch.cuda.init()
RuntimeError: No CUDA GPUs are available
`)[0].frames;
    const frame = userFrame(cell, (f) => cellFrame(f) !== undefined || inProject(f.file));
    assert.deepEqual(cellFrame(frame!), { executionCount: 4, line: 2 });
  });
});
