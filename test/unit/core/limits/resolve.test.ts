import { strict as assert } from 'node:assert';
import { parseLimitsConfig, resolveLimits, type LimitSources } from '../../../../src/core/limits';
import { fixtureSources } from './fixtures';

const GiB = 1024 ** 3;

function resolve(sources: LimitSources, user: string, grantFileExists = false) {
  return resolveLimits(sources, { user, grantFileExists });
}

function inline(yaml: string): LimitSources {
  return { config: parseLimitsConfig(yaml, 'f'), memberFiles: new Map(), fileOverrides: new Map() };
}

describe('core/limits/resolve', () => {
  describe('2026-07 host fixture', () => {
    const s = fixtureSources('2026-07');

    it('resolves a member of every group without error', () => {
      const byUser = { s_one: 'student', bob: 'researcher', prof_x: 'faculty', datasciencelab: 'admin' };
      for (const [user, group] of Object.entries(byUser)) assert.equal(resolve(s, user).group, group, user);
    });

    it('gives a researcher defaults plus the group keys', () => {
      const l = resolve(s, 'bob');
      assert.deepEqual(l.gpus, { maxEquivalents: 4, maxPerContainer: 3, allowFullGpu: true });
      assert.equal(l.containers.max, 5);
      assert.equal(l.cpus, 48);
      assert.equal(l.memoryBytes, 64 * GiB);
      assert.equal(l.pidsLimit, 4096, 'missing in the group: from defaults');
      assert.deepEqual(l.lifecycle, {
        idleTimeoutSeconds: 3600,
        maxRuntimeSeconds: 48 * 3600,
        gpuHoldAfterStopSeconds: 900,
        containerHoldAfterStopSeconds: 1800,
      });
    });

    it('reads null as unlimited for the admin group', () => {
      const l = resolve(s, 'datasciencelab');
      assert.equal(l.gpus.maxEquivalents, null);
      assert.equal(l.gpus.maxPerContainer, null);
      assert.equal(l.exempt, true);
      assert.equal(l.exemptReason, 'exempt-users');
    });

    it('puts an unknown user in default_group', () => {
      const l = resolve(s, 'nobody-known');
      assert.equal(l.group, 'student');
      assert.equal(l.gpus.maxEquivalents, 2);
      assert.equal(l.gpus.maxPerContainer, 2);
      assert.equal(l.exempt, false);
      assert.equal(l.exemptReason, null);
    });

    it('finds a member listed by the raw name with @domain and dots', () => {
      const l = resolve(s, 'r.jones@hertie-school.lan');
      assert.equal(l.group, 'researcher');
      assert.equal(l.sanitizedUser, 'r_jones');
    });

    it('finds a member listed by the sanitized name', () => {
      assert.equal(resolve(s, 's.one@hertie-school.lan').group, 'student');
      assert.equal(resolve(s, 'prof.x@hertie-school.lan').group, 'faculty');
    });

    it('applies a user override over defaults, not over the group, and calls the group "override"', () => {
      const l = resolve(s, 'special');
      assert.equal(l.group, 'override');
      assert.equal(l.gpus.maxEquivalents, 3.5);
      assert.equal(l.cpus, 96);
      assert.equal(l.lifecycle.maxRuntimeSeconds, 96 * 3600);
      assert.equal(l.gpus.maxPerContainer, 1, 'defaults, not the student group');
    });

    it('matches an override by sanitized name: h.baker@hertie-school.lan -> h_baker', () => {
      const l = resolve(s, 'h.baker@hertie-school.lan');
      assert.equal(l.sanitizedUser, 'h_baker');
      assert.equal(l.group, 'override');
      assert.equal(l.containers.max, 7);
    });

    it('marks a user with a grant file exempt', () => {
      const l = resolve(s, 'bob', true);
      assert.equal(l.exempt, true);
      assert.equal(l.exemptReason, 'grant-file');
    });
  });

  describe('2026-02 host fixture', () => {
    const s = fixtureSources('2026-02');

    it('resolves each group and reads legacy keys as aliases', () => {
      assert.equal(resolve(s, 'anyone').group, 'student');
      assert.equal(resolve(s, 'anyone').gpus.maxEquivalents, 3);
      assert.equal(resolve(s, 'anyone').gpus.allowFullGpu, true);
      assert.equal(resolve(s, 'bob').gpus.maxEquivalents, 6);
      assert.equal(resolve(s, 'bob').gpus.maxPerContainer, 4);
      assert.equal(resolve(s, 'prof_x').gpus.maxEquivalents, 8);
      assert.equal(resolve(s, 'prof_x').lifecycle.maxRuntimeSeconds, 72 * 3600);
      assert.equal(resolve(s, 'datasciencelab').gpus.maxEquivalents, null);
      assert.equal(resolve(s, 'datasciencelab').lifecycle.gpuHoldAfterStopSeconds, 3600);
    });

    it('applies the legacy override file', () => {
      const l = resolve(s, 'legacy_user');
      assert.equal(l.group, 'override');
      assert.deepEqual(l.gpus, { maxEquivalents: 8, maxPerContainer: 4, allowFullGpu: false });
      assert.equal(l.lifecycle.idleTimeoutSeconds, 3 * 3600);
    });
  });

  describe('rules on small configs', () => {
    it('lets a file override replace the inline override of the same user', () => {
      const s = inline('defaults:\n  max_cpus: 4\nuser_overrides:\n  ann:\n    max_cpus: 8\n    memory: 1g\n');
      assert.equal(resolve(s, 'ann').cpus, 8);
      assert.equal(resolve(s, 'ann').memoryBytes, GiB);
      const withFile = { ...s, fileOverrides: new Map([['ann', { cpus: 16 }]]) };
      assert.equal(resolve(withFile, 'ann').cpus, 16);
      assert.equal(resolve(withFile, 'ann').memoryBytes, 32 * GiB, 'the inline entry is replaced whole, as on the host');
    });

    it('takes the first group in file order that lists the user, from inline or file members', () => {
      const s = inline('groups:\n  a:\n    max_cpus: 1\n  b:\n    max_cpus: 2\n    members: [zoe]\n');
      const both = {
        ...s,
        memberFiles: new Map([
          ['b', ['ann']],
          ['a', ['ann']],
        ]),
      };
      assert.equal(resolve(both, 'ann').group, 'a');
      assert.equal(resolve(both, 'zoe').group, 'b');
    });

    it('falls back to defaults alone when default_group is not defined, and to "student" when unset', () => {
      const s = inline('defaults:\n  max_cpus: 3\ndefault_group: guests\n');
      assert.equal(resolve(s, 'x').group, 'guests');
      assert.equal(resolve(s, 'x').cpus, 3);
      assert.equal(resolve(inline('defaults: {}\n'), 'x').group, 'student');
    });

    it("uses the host scripts' values for keys no layer sets, and swap follows memory", () => {
      const l = resolve(inline('defaults:\n  memory: 8g\n'), 'x');
      assert.equal(l.cpus, 16);
      assert.equal(l.containers.max, 3);
      assert.equal(l.gpus.maxEquivalents, 1);
      assert.equal(l.gpus.allowFullGpu, false);
      assert.equal(l.memorySwapBytes, 8 * GiB);
      assert.equal(l.shmBytes, 16 * GiB);
      assert.equal(l.lifecycle.maxRuntimeSeconds, null);
    });

    it('lets a group set a limit back to null (unlimited) over a number in defaults', () => {
      const s = inline('defaults:\n  max_runtime: 24h\ngroups:\n  student:\n    max_runtime: null\n');
      assert.equal(resolve(s, 'x').lifecycle.maxRuntimeSeconds, null);
    });

    it("a new key in defaults beats a legacy key in a group, as the host's merged dict does (issue 21)", () => {
      const s = inline('defaults:\n  max_gpu_equivalents: 1\ngroups:\n  student:\n    max_mig_instances: 5\n');
      assert.equal(resolve(s, 'x').gpus.maxEquivalents, 1);
      const later = inline('defaults:\n  max_mig_instances: 1\ngroups:\n  student:\n    max_gpus_per_user: 5\n');
      assert.equal(resolve(later, 'x').gpus.maxEquivalents, 5, "the group's key comes first in the list");
      const same = inline('defaults:\n  max_gpus_per_user: 1\ngroups:\n  student:\n    max_gpus_per_user: 3\n');
      assert.equal(resolve(same, 'x').gpus.maxEquivalents, 3);
    });

    it('reads max_gpus_per_container and max_gpus_per_user, null = no cap (issue 21)', () => {
      const s = inline(
        'defaults:\n  max_gpus_per_user: 4\ngroups:\n  student:\n    max_gpus_per_container: 2\n  researcher:\n    members: [r]\n    max_gpus_per_container: null\n',
      );
      assert.equal(resolve(s, 'x').gpus.maxPerContainer, 2);
      assert.equal(resolve(s, 'x').gpus.maxEquivalents, 4);
      assert.equal(resolve(s, 'r').gpus.maxPerContainer, null);
      const both = inline('defaults:\n  max_mig_per_container: 5\n  max_gpus_per_container: 3\n');
      assert.equal(resolve(both, 'x').gpus.maxPerContainer, 3);
    });

    it("look-alikes: when an account is called exactly h_baker, its override, group and exemption are never h.baker's", () => {
      const s = fixtureSources('2026-07');
      const own = { user: 'h.baker@hertie-school.lan', grantFileExists: false, sanitizedIsAnotherAccount: true };
      const l = resolveLimits(s, own);
      assert.notEqual(l.group, 'override');
      assert.notEqual(resolveLimits(s, { ...own, user: 'prof.x@hertie-school.lan' }).group, 'faculty', 'the members file lists prof_x, another account');
      const ex = inline('bare_metal_access:\n  exempt_users: [h_baker]\n');
      assert.equal(resolveLimits(ex, own).exempt, false);
    });

    it('treats a sanitized exempt_users entry as exempt', () => {
      const s = inline('bare_metal_access:\n  exempt_users: [h_baker]\n');
      assert.equal(resolve(s, 'h.baker@hertie-school.lan').exemptReason, 'exempt-users');
    });

    it('resolves a name over 32 characters through its hashed sanitized form', () => {
      const long = 'maximilian.alexander.von.und.zu.irgendwo@hertie-school.lan';
      const probe = resolve(inline('{}\n'), long).sanitizedUser;
      assert.equal(probe.length, 32);
      const s = { ...inline('groups:\n  student: {}\n  lab:\n    max_cpus: 99\n'), memberFiles: new Map([['lab', [probe]]]) };
      assert.equal(resolve(s, long).group, 'lab');
    });
  });
});
