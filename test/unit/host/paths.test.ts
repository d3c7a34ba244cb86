import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { resolveHostPaths } from '../../../src/host/paths';
import { tempHost } from './temp-host';

describe('host/paths', () => {
  it('uses the documented defaults with an empty environment', () => {
    const p = resolveHostPaths({}, {});
    assert.equal(p.configCandidates[0], '/opt/ds01-infra/config/runtime/resource-limits.yaml');
    assert.equal(p.configCandidates[1], '/opt/ds01-infra/config/resource-limits.yaml');
    assert.equal(p.stateDir, '/var/lib/ds01');
    assert.equal(p.grantsDir, '/var/lib/ds01/bare-metal-grants');
    assert.equal(p.nvidiaSmi, 'nvidia-smi');
    assert.equal(p.dockerHost, undefined);
  });

  it('takes DS01_STATE_DIR, DS01_NVIDIA_SMI and DOCKER_HOST from the environment', () => {
    const p = resolveHostPaths({ DS01_STATE_DIR: '/s', DS01_NVIDIA_SMI: '/x/smi', DOCKER_HOST: 'unix:///d.sock' }, {});
    assert.equal(p.grantsDir, '/s/bare-metal-grants');
    assert.equal(p.nvidiaSmi, '/x/smi');
    assert.equal(p.dockerHost, 'unix:///d.sock');
  });

  it('reads DS01_NVIDIA_SMI as the nvidia-smi runner does: blank means nvidia-smi on PATH, spaces trimmed', () => {
    assert.equal(resolveHostPaths({ DS01_NVIDIA_SMI: '  ' }, {}).nvidiaSmi, 'nvidia-smi');
    assert.equal(resolveHostPaths({ DS01_NVIDIA_SMI: ' /x/smi ' }, {}).nvidiaSmi, '/x/smi');
  });

  it('prefers config/runtime/ and reads groups and overrides next to it', () => {
    const h = tempHost('ds01-2026-07');
    try {
      const p = resolveHostPaths({ DS01_ROOT: h.root }, {});
      const runtime = join(h.root, 'config', 'runtime');
      assert.equal(p.configFile, join(runtime, 'resource-limits.yaml'));
      assert.equal(p.groupsDirs[0], join(runtime, 'groups'));
      assert.equal(p.userOverridesFiles[0], join(runtime, 'user-overrides.yaml'));
    } finally {
      h.cleanup();
    }
  });

  it('falls back to config/resource-limits.yaml on older installs', () => {
    const h = tempHost('ds01-2026-02');
    try {
      const p = resolveHostPaths({ DS01_ROOT: h.root }, {});
      assert.equal(p.configFile, join(h.root, 'config', 'resource-limits.yaml'));
      assert.equal(p.groupsDirs[0], join(h.root, 'config', 'groups'));
    } finally {
      h.cleanup();
    }
  });

  it('with --config looks only next to the named file', () => {
    const p = resolveHostPaths({ DS01_ROOT: '/ignored' }, { config: '/etc/ds01/limits.yaml' });
    assert.equal(p.configFile, '/etc/ds01/limits.yaml');
    assert.deepEqual(p.groupsDirs, ['/etc/ds01/groups']);
    assert.deepEqual(p.userOverridesFiles, ['/etc/ds01/user-overrides.yaml']);
  });
});
