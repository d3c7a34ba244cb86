import { strict as assert } from 'node:assert';
import {
  checkDevcontainer,
  defaultGpus,
  devcontainerText,
  dockerSize,
  gpuCounts,
  gpuRequestProblem,
  projectName,
  quotaNote,
  type DevcontainerChoices,
} from '../../../../src/core/devcontainer';
import { context } from './context';

const CHOICES: DevcontainerChoices = {
  folderName: 'My Project',
  source: { image: 'pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime' },
  gpus: 1,
  uid: 1000,
  gid: 1000,
  shmBytes: null,
  requirements: false,
};

describe('core/devcontainer: what init writes', () => {
  it('writes the host\'s devcontainer init file, with a GPU count instead of "all"', () => {
    assert.deepEqual(JSON.parse(devcontainerText(CHOICES)), {
      name: 'my-project',
      image: 'pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime',
      runArgs: ['--user', '1000:1000', '--gpus', '1', '--shm-size', '8g'],
      mounts: ['source=${localEnv:HOME},target=/home/${localEnv:USER},type=bind'],
      containerEnv: { HOME: '/home/${localEnv:USER}', HF_HOME: '/home/${localEnv:USER}/.cache/huggingface' },
      shutdownAction: 'stopContainer',
    });
    assert.ok(devcontainerText(CHOICES).endsWith('}\n'));
  });

  it('passes its own check with nothing to say, for each GPU count the cap allows', () => {
    for (const gpus of gpuCounts({ max: 2 })) {
      assert.deepEqual(
        checkDevcontainer(devcontainerText({ ...CHOICES, gpus }), context()).map((f) => f.code),
        gpus === 0 ? ['no-gpu-request'] : [],
        `${gpus} GPUs`,
      );
    }
  });

  it('no GPU: no --gpus; a Dockerfile: build instead of image; requirements.txt: postCreateCommand', () => {
    const j = JSON.parse(devcontainerText({ ...CHOICES, gpus: 0, source: { dockerfile: '../Dockerfile' }, requirements: true }));
    assert.deepEqual(j.runArgs, ['--user', '1000:1000', '--shm-size', '8g']);
    assert.equal(j.image, undefined);
    assert.deepEqual(j.build, { dockerfile: '../Dockerfile', context: '..' });
    assert.equal(j.postCreateCommand, 'pip install -r requirements.txt');
  });

  it("--shm-size is the host's 8g, or the user's smaller limit", () => {
    assert.deepEqual(JSON.parse(devcontainerText({ ...CHOICES, shmBytes: 64 * 1024 ** 2 })).runArgs.slice(-1), ['64m']);
    assert.deepEqual(JSON.parse(devcontainerText({ ...CHOICES, shmBytes: 32 * 1024 ** 3 })).runArgs.slice(-1), ['8g']);
    assert.equal(dockerSize(1500), '1500b');
  });

  it('names the project as the host does', () => {
    assert.equal(projectName('My Thesis Code'), 'my-thesis-code');
  });

  it('offers GPU counts up to the cap', () => {
    assert.deepEqual(gpuCounts({ max: 2 }), [0, 1, 2]);
    assert.deepEqual(gpuCounts({ max: 0 }), [0]);
    assert.deepEqual(gpuCounts({ max: null }), [0, 1, 2, 3, 4]);
    assert.deepEqual(gpuCounts({ unknown: 'x' }), [0, 1]);
    assert.equal(defaultGpus({ max: 0 }), 0);
    assert.equal(defaultGpus({ max: 3 }), 1);
  });

  it('refuses a count above the cap, or above 1 when the cap is not known, naming the cap', () => {
    assert.equal(gpuRequestProblem(2, { max: 2 }), null);
    const over = gpuRequestProblem(3, { max: 2 });
    assert.equal(over?.problem.kind, 'limit-per-container');
    assert.match(over!.problem.message, /--gpus 3 is above your per-container cap of 2 GPUs/);
    assert.equal(gpuRequestProblem(1, { unknown: 'limits not read' }), null);
    assert.match(gpuRequestProblem(2, { unknown: 'limits not read' })!.problem.message, /limits not read/);
    assert.equal(gpuRequestProblem(9, { max: null }), null);
    assert.equal(gpuRequestProblem(-1, { max: null })?.problem.kind, 'usage');
  });

  it('says when the GPU quota cannot take the request now (the container will wait), and only then', () => {
    assert.match(quotaNote(1, 4, 4)!, /GPU quota is in use \(4 of 4\): the container will wait/);
    assert.match(quotaNote(2, 3, 4)!, /3 of 4/);
    assert.equal(quotaNote(1, 3, 4), null);
    assert.equal(quotaNote(0, 4, 4), null);
    assert.equal(quotaNote(1, 9, null), null);
  });
});
