import { strict as assert } from 'node:assert';
import { memoryWarning, statsFromEngine } from '../../../../src/core/container-stats/stats';
import { statsCells, statsRowText } from '../../../../src/core/container-stats/text';

const MiB = 1024 * 1024;

describe('core/container-stats', () => {
  it('cgroup v1: CPU % as docker stats computes it, memory less total_inactive_file, blkio Read/Write, networks summed', () => {
    const s = statsFromEngine({
      cpu_stats: { cpu_usage: { total_usage: 3_000_000_000, percpu_usage: [1, 2, 3, 4] }, system_cpu_usage: 20_000_000_000 },
      precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 100 * MiB, limit: 200 * MiB, stats: { total_inactive_file: 20 * MiB, inactive_file: 99 * MiB } },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'Read', value: 5 },
          { op: 'Write', value: 7 },
          { op: 'Read', value: 1 },
          { op: 'Total', value: 13 },
        ],
      },
      pids_stats: { current: 3 },
    });
    assert.equal(s.cpuPercent, 80, '2e9 of 10e9 over 4 CPUs');
    assert.equal(s.memoryUsedBytes, 80 * MiB);
    assert.equal(s.memoryPercent, 40);
    assert.deepEqual([s.netRxBytes, s.netTxBytes, s.blockReadBytes, s.blockWriteBytes, s.pids], [11, 22, 6, 7, 3]);
    assert.deepEqual(s.unknown, {});
  });

  it('cgroup v2: inactive_file, online_cpus, lower-case io ops', () => {
    const s = statsFromEngine({
      cpu_stats: { cpu_usage: { total_usage: 2e9 }, system_cpu_usage: 2e10, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 1e9 }, system_cpu_usage: 1e10 },
      memory_stats: { usage: 95 * MiB, limit: 100 * MiB, stats: { inactive_file: 1 * MiB } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'read', value: 4 },
          { op: 'write', value: 9 },
        ],
      },
      pids_stats: { current: 1 },
    });
    assert.equal(s.cpuPercent, 20);
    assert.equal(s.memoryUsedBytes, 94 * MiB);
    assert.match(memoryWarning(s) ?? '', /memory at 94% of its limit/);
    assert.deepEqual([s.blockReadBytes, s.blockWriteBytes], [4, 9]);
  });

  it('missing fields are null with why, never 0: one sample, no blkio, no pids, no memory, no network', () => {
    const s = statsFromEngine({
      cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10, online_cpus: 1 },
      precpu_stats: {},
      memory_stats: {},
      blkio_stats: { io_service_bytes_recursive: null },
      pids_stats: {},
    });
    for (const k of [
      'cpuPercent',
      'memoryUsedBytes',
      'memoryLimitBytes',
      'memoryPercent',
      'netRxBytes',
      'netTxBytes',
      'blockReadBytes',
      'blockWriteBytes',
      'pids',
    ] as const) {
      assert.equal(s[k], null, k);
      assert.ok(s.unknown[k], `why ${k}`);
    }
    assert.match(s.unknown.cpuPercent!, /two samples/);
    assert.equal(memoryWarning(s), null);
    assert.equal(statsRowText(s), '');
    assert.equal(statsCells(s, null).pids, '?');
    assert.deepEqual(statsFromEngine({}).unknown.cpuPercent, 'the engine gave no CPU usage');
  });

  it('row text: CPU and memory, a warning sign from 90%', () => {
    const base = {
      cpuPercent: 12.4,
      memoryUsedBytes: 1.5 * 1024 * MiB,
      memoryLimitBytes: 4 * 1024 * MiB,
      memoryPercent: 37.5,
      netRxBytes: null,
      netTxBytes: null,
      blockReadBytes: 0,
      blockWriteBytes: 0,
      pids: 2,
      unknown: {},
    };
    assert.equal(statsRowText(base), 'CPU 12% · mem 1.5 GiB/4 GiB');
    assert.equal(statsRowText({ ...base, memoryUsedBytes: 3.7 * 1024 * MiB, memoryPercent: 92.5 }), 'CPU 12% · ⚠ mem 3.7 GiB/4 GiB');
  });
});
