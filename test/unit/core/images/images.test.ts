import { strict as assert } from 'node:assert';
import { buildEvents, buildFailure, outputLines } from '../../../../src/core/images/build-log';
import { pyprojectDependencies, requirementsPackages } from '../../../../src/core/images/dependencies';
import { baseImageFor, cudaArchFor, generateDockerfile, shellWord } from '../../../../src/core/images/dockerfile';
import { dockerfileInstructions } from '../../../../src/core/images/dockerfile-lines';
import { frameworkInDockerfile, imageLabels, isoSeconds, labelledDockerfile } from '../../../../src/core/images/labels';
import { isOwnImageTag, projectNameFromFolder, projectOfTag, validateProjectName } from '../../../../src/core/images/name';
import { imageStaleness } from '../../../../src/core/images/staleness';
import { isProblemError } from '../../../../src/core/problem';

describe('core/images', () => {
  it('names: a folder becomes a project name as image-create makes one; --name must already be valid', () => {
    assert.equal(projectNameFromFolder('My Project (v2)'), 'my-project-v2');
    assert.equal(validateProjectName('My Data', 'folder'), 'my-data');
    for (const bad of ['My', 'a..b', '-x', 'x/y', '', 'a'.repeat(65)]) {
      assert.throws(
        () => validateProjectName(bad),
        (e) => isProblemError(e) && e.problem.kind === 'invalid-name',
        bad,
      );
    }
    assert.throws(() => validateProjectName('???', 'folder'), /gives no image name.*it is empty/);
    assert.ok(isOwnImageTag('ds01-1000/x:latest', 1000));
    assert.ok(!isOwnImageTag('ds01-10000/x:latest', 1000));
    assert.equal(projectOfTag('ds01-1000/my.proj:latest'), 'my.proj');
  });

  it("labels: the host's six, date -Iseconds; added as one LABEL line with $ and quotes escaped", () => {
    const labels = imageLabels({ user: { name: 'a$b', uid: 7 }, project: 'p', framework: 'custom', now: new Date('2026-01-02T03:04:05.678Z') });
    assert.deepEqual(labels, {
      maintainer: 'a$b',
      'maintainer.id': '7',
      'ds01.project': 'p',
      'ds01.framework': 'custom',
      'ds01.created': '2026-01-02T03:04:05+00:00',
      'ds01.managed': 'true',
    });
    assert.equal(isoSeconds(new Date(0)), '1970-01-01T00:00:00+00:00');
    const text = labelledDockerfile('FROM x', { a: 'q"$HOME' });
    assert.equal(text, 'FROM x\n# Added by DS01: the host\'s image labels\nLABEL a="q\\"\\$HOME"\n');
    // A final stage with a LABEL of its own takes the pairs there: no extra build step, the same lines.
    assert.equal(
      labelledDockerfile('FROM a AS b\nLABEL x=1\nFROM c\nLABEL y=2 \\\n  z=3\nCMD ["sh"]\n', { a: 'v' }),
      'FROM a AS b\nLABEL x=1\nFROM c\nLABEL y=2 \\\n  z=3 a="v"\nCMD ["sh"]\n',
    );
    assert.equal(frameworkInDockerfile('FROM x\nLABEL ds01.framework="pytorch"\n'), 'pytorch');
    assert.equal(frameworkInDockerfile('FROM x\n'), null);
  });

  it('dependencies: requirements.txt as the host reads it, pyproject [project] dependencies', () => {
    assert.deepEqual(requirementsPackages('# c\n\ntorch >= 2.0.1  # pin\n-r other.txt\n  numpy\n-e .\n'), ['torch>=2.0.1', 'numpy']);
    assert.deepEqual(
      pyprojectDependencies(
        '[build-system]\nrequires=["x"]\n[project]\nname="p"\ndependencies = [\n  "torch >=2",\n  \'pandas\',\n]\n[tool.x]\ndependencies=["no"]\n',
      ),
      ['torch>=2', 'pandas'],
    );
    assert.deepEqual(pyprojectDependencies('[tool]\n'), []);
  });

  it('a DS01 Dockerfile: framework base image, labels, quoted pip packages, /workspace', () => {
    assert.equal(baseImageFor('pytorch', cudaArchFor('550.54')), 'pytorch/pytorch:2.5.1-cuda12.1-cudnn9-runtime');
    assert.equal(baseImageFor('pytorch', cudaArchFor('470.1')), 'pytorch/pytorch:2.5.1-cuda11.8-cudnn9-runtime');
    assert.equal(baseImageFor('tensorflow'), 'tensorflow/tensorflow:2.14.0-gpu');
    const text = generateDockerfile({
      project: 'p',
      user: { name: 'u', uid: 5, gid: 6 },
      framework: 'pytorch',
      baseImage: 'b:1',
      packages: ['numpy', 'torch>=2'],
      packagesFrom: 'requirements.txt',
      now: new Date(0),
    });
    assert.match(text, /^FROM b:1$/m);
    assert.match(text, /^LABEL maintainer.id="5"$/m);
    assert.match(text, /^RUN pip install --no-cache-dir \\\n {4}numpy \\\n {4}'torch>=2'\n/m);
    assert.match(text, /^WORKDIR \/workspace$/m);
    assert.equal(shellWord("a'b;c"), "'a'\\''b;c'");
    // Every instruction is found (the build's step numbers must map to lines).
    assert.deepEqual(
      dockerfileInstructions(text)
        .map((i) => i.keyword)
        .slice(0, 3),
      ['FROM', 'LABEL', 'LABEL'],
    );
  });

  it('Dockerfile lines: continuations, comments inside them, directives, escape=`', () => {
    const text = '# syntax=docker/dockerfile:1\n# comment\nFROM x\n\nRUN a \\\n# inside\n  b\nCOPY . /w\n';
    assert.deepEqual(
      dockerfileInstructions(text).map((i) => [i.keyword, i.line, i.endLine]),
      [
        ['FROM', 3, 3],
        ['RUN', 5, 7],
        ['COPY', 8, 8],
      ],
    );
    assert.deepEqual(
      dockerfileInstructions('# escape=`\nFROM x\nRUN a `\n  b\n').map((i) => [i.keyword, i.line]),
      [
        ['FROM', 2],
        ['RUN', 3],
      ],
    );
  });

  it('the build stream: steps, output, image id, error; a failure maps its step to the line (one more step: the labels)', () => {
    assert.deepEqual(buildEvents({ stream: 'Step 2/4 : RUN false' }), [{ type: 'step', index: 2, total: 4, instruction: 'RUN false' }]);
    assert.deepEqual(buildEvents({ stream: '\n' }), []);
    assert.deepEqual(buildEvents({ aux: { ID: 'sha256:1' } }), [{ type: 'image', id: 'sha256:1' }]);
    assert.deepEqual(buildEvents({ error: 'boom', errorDetail: { message: 'boom' } }), [{ type: 'error', message: 'boom' }]);
    assert.deepEqual(outputLines('par', 'tial\nnext'), { lines: ['partial'], carry: 'next' });
    const instructions = dockerfileInstructions('FROM x\n\nRUN ok\nRUN false\n');
    const f = buildFailure({
      message: 'boom',
      step: { index: 3, total: 4, instruction: 'RUN false' },
      instructions,
      output: [' ---> Running in 1', 'why it broke'],
    });
    assert.equal(f.line, 4);
    assert.deepEqual(f.tail, ['why it broke']);
    const unknown = buildFailure({ message: 'boom', step: { index: 3, total: 9, instruction: 'RUN false' }, instructions, output: [] });
    assert.equal(unknown.line, null, 'counts that do not match name no line rather than a wrong one');
  });

  it('staleness: the files newer than the image, newest first', () => {
    assert.deepEqual(
      imageStaleness(100, [
        { path: 'Dockerfile', modifiedMs: 50 },
        { path: 'requirements.txt', modifiedMs: 150 },
        { path: 'pyproject.toml', modifiedMs: 200 },
      ]),
      { stale: true, newer: ['pyproject.toml', 'requirements.txt'] },
    );
    assert.deepEqual(imageStaleness(100, [{ path: 'Dockerfile', modifiedMs: 100 }]), { stale: false, newer: [] });
  });
});
