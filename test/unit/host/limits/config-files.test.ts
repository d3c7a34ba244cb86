import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { grantFileExists, readUserLimits } from '../../../../src/host/limits/config-files';
import { resolveHostPaths } from '../../../../src/host/paths';
import { resolveUser } from '../../../../src/host/users/identity';
import { tempHost } from '../temp-host';
import { problemOf } from '../../helpers/problems';

describe('host/limits/config-files', () => {
  let host: ReturnType<typeof tempHost>;
  let runtime: string;
  const paths = () => resolveHostPaths({ DS01_ROOT: host.root, DS01_STATE_DIR: join(host.root, 'state') }, {});

  beforeEach(() => {
    host = tempHost('ds01-2026-07');
    runtime = join(host.root, 'config', 'runtime');
  });
  afterEach(() => host.cleanup());

  it('reads config, members files and user-overrides.yaml from a real tree', () => {
    assert.equal(readUserLimits(paths(), resolveUser({ user: 'bob' })).group, 'researcher');
    assert.equal(readUserLimits(paths(), resolveUser({ user: 'special' })).group, 'override');
    assert.equal(readUserLimits(paths(), resolveUser({ user: 'stranger' })).group, 'student');
  });

  it('works without groups/ and without user-overrides.yaml', () => {
    rmSync(join(runtime, 'groups'), { recursive: true });
    rmSync(join(runtime, 'user-overrides.yaml'));
    assert.equal(readUserLimits(paths(), resolveUser({ user: 'bob' })).group, 'student');
  });

  it('reads a member file from the older config/groups when runtime/ has none', () => {
    rmSync(join(runtime, 'groups'), { recursive: true });
    mkdirSync(join(host.root, 'config', 'groups'));
    writeFileSync(join(host.root, 'config', 'groups', 'faculty.members'), 'bob\n');
    assert.equal(readUserLimits(paths(), resolveUser({ user: 'bob' })).group, 'faculty');
  });

  it('finds a grant file by raw or sanitized name', () => {
    const grants = join(host.root, 'state', 'bare-metal-grants');
    mkdirSync(grants, { recursive: true });
    assert.equal(grantFileExists(paths(), resolveUser({ user: 'bob' })), false);
    writeFileSync(join(grants, 'h_baker.json'), '{"user":"h_baker","type":"temporary"}');
    assert.equal(grantFileExists(paths(), resolveUser({ user: 'h.baker@hertie-school.lan' })), true);
    const l = readUserLimits(paths(), resolveUser({ user: 'h.baker@hertie-school.lan' }));
    assert.equal(l.exemptReason, 'grant-file');
  });

  it('names the looked-at places when no config exists', () => {
    const p = problemOf(() => readUserLimits(resolveHostPaths({ DS01_ROOT: join(host.root, 'nowhere') }, {}), resolveUser({ user: 'bob' })));
    assert.equal(p.kind, 'config-missing');
    assert.match(p.message, /nowhere\/config\/runtime\/resource-limits\.yaml or .*nowhere\/config\/resource-limits\.yaml/);
    assert.match(p.fix ?? '', /DS01_ROOT.*--config FILE/);
  });

  it('reports a --config file that does not exist as missing', () => {
    const p = problemOf(() => readUserLimits(resolveHostPaths({}, { config: join(host.root, 'nope.yaml') }), resolveUser({ user: 'bob' })));
    assert.equal(p.kind, 'config-missing');
    assert.match(p.message, /nope\.yaml/);
  });

  it('reports malformed YAML with the file, line and column', () => {
    writeFileSync(join(runtime, 'resource-limits.yaml'), 'defaults:\n  max_cpus: 4\n bad indent: [\n');
    const p = problemOf(() => readUserLimits(paths(), resolveUser({ user: 'bob' })));
    assert.equal(p.kind, 'config-invalid');
    assert.match(p.message, new RegExp(`${join(runtime, 'resource-limits.yaml')}: malformed YAML at line \\d+, column \\d+`));
  });

  it('reports a wrong type in user-overrides.yaml with its file and path', () => {
    writeFileSync(join(runtime, 'user-overrides.yaml'), 'bob:\n  max_cpus: plenty\n');
    const p = problemOf(() => readUserLimits(paths(), resolveUser({ user: 'bob' })));
    assert.equal(p.kind, 'config-invalid');
    assert.match(p.message, /user-overrides\.yaml: bob\.max_cpus: expected a number/);
  });

  it('reports a group file that cannot be read (a directory where the file should be)', () => {
    const file = join(runtime, 'groups', 'faculty.members');
    rmSync(file);
    mkdirSync(file);
    const p = problemOf(() => readUserLimits(paths(), resolveUser({ user: 'bob' })));
    assert.equal(p.kind, 'group-file-unreadable');
    assert.match(p.message, /faculty\.members is a directory, not a file/);
    assert.match(p.fix ?? '', /readable file/);
  });

  it('reports a config path that is a directory as invalid', () => {
    const p = problemOf(() => readUserLimits(resolveHostPaths({}, { config: runtime }), resolveUser({ user: 'bob' })));
    assert.equal(p.kind, 'config-invalid');
    assert.match(p.message, /is a directory/);
  });
});
