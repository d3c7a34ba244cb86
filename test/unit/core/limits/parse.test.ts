import { strict as assert } from 'node:assert';
import { parseLimitsConfig, parseMembers, parseUserOverrides } from '../../../../src/core/limits';
import { configText } from './fixtures';
import { problemOf } from '../../helpers/problems';

const GiB = 1024 ** 3;

describe('core/limits/parse', () => {
  it('reads the 2026-02 file: legacy keys as literal aliases, duration strings', () => {
    const c = parseLimitsConfig(configText('2026-02'), 'rl.yaml');
    assert.equal(c.defaultGroup, 'student');
    assert.deepEqual(
      c.groups.map((g) => g.name),
      ['student', 'researcher', 'faculty', 'admin'],
    );
    assert.equal(c.defaults.maxEquivalents, 3);
    assert.equal(c.defaults.maxPerContainer, 3);
    assert.equal(c.defaults.allowFullGpu, false);
    assert.equal(c.defaults.memoryBytes, 32 * GiB);
    assert.equal(c.defaults.idleTimeoutSeconds, 1800);
    assert.equal(c.defaults.gpuHoldAfterStopSeconds, 900);
    const admin = c.groups.find((g) => g.name === 'admin')!;
    assert.equal(admin.values.maxEquivalents, null);
    assert.equal(admin.values.gpuHoldAfterStopSeconds, 3600);
    assert.deepEqual(c.exemptUsers, ['datasciencelab']);
    assert.equal(c.infrastructureLabel, 'ds01.protected');
  });

  it('reads the 2026-07 file: gpueq floats and *_h numbers, unknown sections ignored', () => {
    const c = parseLimitsConfig(configText('2026-07'), 'rl.yaml');
    assert.equal(c.defaults.maxEquivalents, 1.0);
    assert.equal(c.defaults.maxRuntimeSeconds, 86400);
    assert.equal(c.defaults.containerHoldAfterStopSeconds, 1800);
    const researcher = c.groups.find((g) => g.name === 'researcher')!;
    assert.equal(researcher.values.maxEquivalents, 4);
    assert.equal(researcher.values.maxPerContainer, 3);
    assert.equal(researcher.values.idleTimeoutSeconds, 3600);
    assert.equal(researcher.values.cpus, 48);
  });

  it('prefers the new key over its alias in the same block', () => {
    const c = parseLimitsConfig('defaults:\n  max_mig_instances: 9\n  max_gpu_equivalents: 1.5\n  max_gpu_slots: 7\n', 'f');
    assert.equal(c.defaults.maxEquivalents, 1.5);
    const old = parseLimitsConfig('defaults:\n  max_gpu_slots: 2\n  max_mig_per_container: 2\n', 'f');
    assert.equal(old.defaults.maxEquivalents, 2);
    assert.equal(old.defaults.maxPerContainer, 2);
  });

  it('takes inline members, inline user_overrides and groups left empty by comments', () => {
    const c = parseLimitsConfig(
      'groups:\n  student:\n    # nothing\n  lab:\n    members: [ann, 1234]\n    max_cpus: 8\nuser_overrides:\n  zed:\n    memory: 1t\n',
      'f',
    );
    assert.deepEqual(c.groups[0], { name: 'student', values: {}, inlineMembers: [] });
    assert.deepEqual(c.groups[1].inlineMembers, ['ann', '1234']);
    assert.equal(c.userOverrides.get('zed')?.memoryBytes, 1024 ** 4);
  });

  it('names the file, line and column of malformed YAML', () => {
    const p = problemOf(() => parseLimitsConfig('defaults:\n  max_cpus: [1, 2\n', '/etc/x.yaml'));
    assert.equal(p.kind, 'config-invalid');
    assert.match(p.message, /^\/etc\/x\.yaml: malformed YAML at line \d+, column \d+/);
    const dup = problemOf(() => parseLimitsConfig('defaults: {}\ndefaults: {}\n', 'f.yaml'));
    assert.match(dup.message, /f\.yaml: malformed YAML at line 2/);
  });

  it('rejects an empty file and a file that is not a mapping', () => {
    assert.match(problemOf(() => parseLimitsConfig('# only comments\n', 'f')).message, /empty/);
    assert.match(problemOf(() => parseLimitsConfig('- a\n- b\n', 'f')).message, /\(top level\): expected a mapping, got a list/);
  });

  it('names the YAML path of a negative limit', () => {
    const p = problemOf(() => parseLimitsConfig('groups:\n  researcher:\n    max_cpus: -4\n', 'rl.yaml'));
    assert.equal(p.kind, 'config-invalid');
    assert.equal(p.message, 'rl.yaml: groups.researcher.max_cpus: must not be negative, got -4');
    assert.match(p.fix ?? '', /groups\.researcher\.max_cpus in rl\.yaml/);
  });

  it('names the YAML path of non-numeric limits and wrong types', () => {
    const cases: Array<[string, RegExp]> = [
      ['defaults:\n  max_gpu_equivalents: lots\n', /defaults\.max_gpu_equivalents: expected a number or null, got "lots"/],
      ['defaults:\n  max_containers_per_user: 2.5\n', /defaults\.max_containers_per_user: expected a whole number/],
      ['defaults:\n  allow_full_gpu: "yes"\n', /defaults\.allow_full_gpu: expected true or false/],
      ['defaults:\n  memory: big\n', /defaults\.memory: expected a size/],
      ['defaults:\n  max_runtime: 24\n', /defaults\.max_runtime: expected a duration with a unit/],
      ['defaults:\n  idle_timeout_h: [1]\n', /defaults\.idle_timeout_h: expected a number or null, got a list/],
      ['default_group: 3\n', /default_group: expected a string, got 3/],
      ['groups:\n  student: 5\n', /groups\.student: expected a mapping, got 5/],
      ['bare_metal_access:\n  exempt_users: root\n', /bare_metal_access\.exempt_users: expected a list, got "root"/],
      ['user_overrides:\n  bob:\n    pids_limit: -1\n', /user_overrides\.bob\.pids_limit: must not be negative/],
    ];
    for (const [yaml, expected] of cases) assert.match(problemOf(() => parseLimitsConfig(yaml, 'f')).message, expected, yaml);
  });

  it('keeps unknown keys without complaint', () => {
    const c = parseLimitsConfig('defaults:\n  max_tasks: 5\n  storage: whatever\nfuture_section: {a: 1}\n', 'f');
    assert.deepEqual(c.defaults, {});
  });

  it('reads user-overrides.yaml as a map of users and checks its values', () => {
    const m = parseUserOverrides('alice:\n  max_gpu_equivalents: 2\n  note: ok\nbob:\n', 'uo.yaml');
    assert.deepEqual([...m.keys()], ['alice', 'bob']);
    assert.equal(m.get('alice')?.maxEquivalents, 2);
    assert.equal(parseUserOverrides('', 'uo.yaml').size, 0);
    assert.match(problemOf(() => parseUserOverrides('alice:\n  max_cpus: -1\n', 'uo.yaml')).message, /^uo\.yaml: alice\.max_cpus/);
  });

  it('reads .members files: one name a line, # comments, blank lines', () => {
    assert.deepEqual(parseMembers('# staff\nalice\n  bob  # since 2025\n\r\n\ncarol\r\n'), ['alice', 'bob', 'carol']);
  });
});
