import { strict as assert } from 'node:assert';
import { hostContainerName, normalizeContainerName, validateImageName } from '../../../../src/core/containers/name';
import { isProblemError } from '../../../../src/core/problem';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isProblemError(e));
    return e.problem.message;
  }
  assert.fail('expected a refusal');
}

describe('core/containers/name', () => {
  it('lower-cases and turns spaces into dashes', () => {
    assert.equal(normalizeContainerName('My Project  2'), 'my-project-2');
  });

  it('builds the host name with the owner uid', () => {
    assert.equal(hostContainerName('my-project', 1001), 'my-project._.1001');
  });

  const hostile: [string, RegExp][] = [
    ['a;rm -rf /', /character ";"/],
    ['$(id)', /must start with a letter or digit/],
    ['x$(id)', /character "\$"/],
    ['../etc', /must start with a letter or digit/],
    ['a/../b', /character "\/"/],
    ['proj._.0', /contains "\._\."/],
    ['naïve', /character "ï"/],
    ['gpu\u202Eevil', /character/],
    ['a'.repeat(300), /longer than 64/],
    ['', /empty/],
    ['a..b', /contains "\.\."/],
  ];
  for (const [input, rule] of hostile) {
    it(`refuses ${JSON.stringify(input.slice(0, 20))} naming the rule`, () => {
      assert.match(
        refusal(() => normalizeContainerName(input)),
        rule,
      );
    });
  }

  it('accepts valid image references', () => {
    for (const ok of ['busybox', 'ds01-1000/proj:latest', 'nvcr.io/nvidia/pytorch:24.05-py3', 'localhost:5000/a/b:c', `img@sha256:${'a'.repeat(64)}`]) {
      assert.equal(validateImageName(ok), ok);
    }
  });

  it('refuses an image name with a newline or shell characters', () => {
    assert.match(
      refusal(() => validateImageName('busybox\nrm -rf /')),
      /not a valid Docker image reference/,
    );
    assert.match(
      refusal(() => validateImageName('busybox;id')),
      /not a valid/,
    );
    assert.match(
      refusal(() => validateImageName('UPPER/case')),
      /not a valid/,
    );
  });
});
