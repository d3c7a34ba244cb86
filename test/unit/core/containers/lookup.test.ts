import { strict as assert } from 'node:assert';
import { findOwnContainer } from '../../../../src/core/containers/lookup';
import type { Ds01Container } from '../../../../src/core/model';
import { isProblemError } from '../../../../src/core/problem';
import { ds01Container, testUser } from '../../helpers/records';

const alice = testUser({ name: 'alice', sanitized: 'alice', uid: 1000 });

function c(name: string, owner: string | null, over: Partial<Ds01Container> = {}): Ds01Container {
  const sep = name.indexOf('._.');
  return ds01Container(name, { displayName: sep >= 0 ? name.slice(0, sep) : name, owner, ...over });
}

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isProblemError(e), String(e));
    return e.problem.kind;
  }
  return 'none';
}

describe('core/containers/lookup', () => {
  const all = [c('proj._.1000', 'alice'), c('proj._.1001', 'bob'), c('bobs._.1001', 'bob'), c('infra._.1000', 'alice', { protected: true })];

  it("finds the user's own container by display name or host name", () => {
    assert.equal(findOwnContainer(all, 'proj', alice).name, 'proj._.1000');
    assert.equal(findOwnContainer(all, 'proj._.1000', alice).name, 'proj._.1000');
    assert.equal(findOwnContainer(all, ' Proj ', alice).name, 'proj._.1000', 'normalised like deploy');
  });

  it("refuses another user's container, a protected one, and says when nothing matches", () => {
    assert.equal(
      kindOf(() => findOwnContainer(all, 'bobs', alice)),
      'not-owner',
    );
    assert.equal(
      kindOf(() => findOwnContainer(all, 'proj._.1001', alice)),
      'not-owner',
    );
    assert.equal(
      kindOf(() => findOwnContainer(all, 'infra', alice)),
      'protected',
    );
    assert.equal(
      kindOf(() => findOwnContainer(all, 'nothing', alice)),
      'not-found',
    );
    assert.equal(
      kindOf(() => findOwnContainer(all, 'gone._.1000', alice)),
      'not-found',
    );
  });

  it('hostile names are invalid, never looked up', () => {
    for (const bad of ['a;rm -rf /', '$(id)', '../etc', 'x'.repeat(300), 'ünï']) {
      assert.equal(
        kindOf(() => findOwnContainer(all, bad, alice)),
        'invalid-name',
        bad,
      );
    }
  });

  it('a look-alike `proj` labelled for the user never hides their own proj._.<uid>: the uid-proven one wins (issue 24)', () => {
    const own = c('proj._.1000', 'alice', { ownerUid: 1000, ownerEvidence: 'uid' });
    const fake = c('proj', 'alice', { ownerEvidence: 'ds01.user' });
    assert.equal(findOwnContainer([fake, own], 'proj', alice).name, 'proj._.1000');
    assert.equal(findOwnContainer([own, fake], 'proj', alice).name, 'proj._.1000');
    assert.equal(findOwnContainer([fake], 'proj', alice).name, 'proj', "a labelled one alone stays reachable (the wrapper's)");
    const theirs = c('proj', 'alice', { ownerUid: 1001, ownerEvidence: 'uid' });
    assert.equal(
      kindOf(() => findOwnContainer([theirs], 'proj', alice)),
      'not-owner',
    );
  });

  it('a container counted only from a /home path gives no rights, and says so', () => {
    const dev = c('vsc-proj-1', null, { claim: { user: 'alice', evidence: 'devcontainer.local_folder', path: '/home/alice/proj' } });
    try {
      findOwnContainer([dev], 'vsc-proj-1', alice);
      assert.fail('acted on a claimed container');
    } catch (e) {
      assert.ok(isProblemError(e));
      assert.equal(e.problem.kind, 'not-owner');
      assert.match(e.problem.message, /counts for you only from its devcontainer\.local_folder=\/home\/alice\/proj, which anyone can write/);
    }
  });
});
