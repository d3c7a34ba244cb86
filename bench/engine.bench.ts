// Engine read side at host scale: 200 containers of 50 users (created, not started) on the private
// test engine. Prints a markdown table: API calls and wall time of a scan and of one user's usage.
// Run: eval "$(scripts/engine.sh start)" && npx tsx bench/engine.bench.ts
import { performance } from 'node:perf_hooks';
import type { Slot } from '../src/core/model';
import { userUsage } from '../src/core/allocation/usage';
import { connectEngine, loadUserUsage } from '../src/host/engine';
import { testUser } from '../test/unit/helpers/records';
import { testDocker } from '../test/engine/helpers';

const IMAGE = 'ds01-test/busybox:latest';
const RUN = `bench${process.pid}`;
const USERS = 50;
const PER_USER = 4;
const slots: Slot[] = [0, 1, 2, 3].map((i) => ({
  id: String(i),
  uuid: `GPU-${RUN}-${i}`,
  gpuIndex: i,
  kind: 'gpu',
  model: 'A100',
  equivalents: 1,
  memoryTotalMiB: null,
  memoryUsedMiB: null,
}));

async function main(): Promise<void> {
  const engine = connectEngine();
  const docker = testDocker();
  const t0 = performance.now();
  const specs = Array.from({ length: USERS * PER_USER }, (_, n) => {
    const user = `${RUN}-u${Math.floor(n / PER_USER)}`;
    const gpu = slots[n % slots.length].uuid;
    // Three of four are our deploys (fully labelled); every fourth is a legacy AIME container that needs an inspect.
    const labelled = n % PER_USER !== 3;
    const labels: Record<string, string> = labelled
      ? { 'ds01.managed': 'true', 'ds01.user': user, 'ds01.gpu.uuids': gpu, 'ds01-test.run': RUN }
      : { 'aime.mlc.USER': user, 'ds01-test.run': RUN };
    return {
      name: `${RUN}-c${n}._.${5000 + Math.floor(n / PER_USER)}`,
      Image: IMAGE,
      Cmd: ['sleep', '100000'],
      Labels: labels,
      HostConfig: { NetworkMode: 'none', DeviceRequests: [{ Driver: 'nvidia', DeviceIDs: [gpu], Capabilities: [['gpu']] }] },
    };
  });
  for (let i = 0; i < specs.length; i += 10) await Promise.all(specs.slice(i, i + 10).map((s) => docker.createContainer(s)));
  const createMs = performance.now() - t0;

  const rows: string[][] = [];
  try {
    for (const round of [1, 2, 3]) {
      engine.calls.list = engine.calls.inspect = 0;
      const s0 = performance.now();
      const scan = await engine.scanContainers();
      const scanMs = performance.now() - s0;
      const u0 = performance.now();
      for (let u = 0; u < USERS; u++) userUsage(scan.ds01, testUser({ name: `${RUN}-u${u}`, sanitized: `${RUN}_u${u}` }), slots);
      const usageMs = (performance.now() - u0) / USERS;
      rows.push([`scan #${round}`, String(scan.listed), String(engine.calls.list), String(engine.calls.inspect), scanMs.toFixed(1), usageMs.toFixed(3)]);
    }
    engine.calls.list = engine.calls.inspect = 0;
    const l0 = performance.now();
    const report = await loadUserUsage(engine, testUser({ name: `${RUN}-u7`, sanitized: `${RUN}_u7` }), { slots, gpus: [] });
    rows.push([
      'loadUserUsage(u7)',
      String(report.scan.listed),
      String(engine.calls.list),
      String(engine.calls.inspect),
      (performance.now() - l0).toFixed(1),
      `slots ${report.usage.slots}, ctrs ${report.usage.containers}`,
    ]);
    // Our deploys alone: the list answers for everything.
    const legacy = await docker.listContainers({ all: true, filters: { label: ['aime.mlc.USER', `ds01-test.run=${RUN}`] } });
    await Promise.all(legacy.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    engine.calls.list = engine.calls.inspect = 0;
    const o0 = performance.now();
    const labelledOnly = await engine.scanContainers();
    rows.push([
      'scan, labelled only',
      String(labelledOnly.listed),
      String(engine.calls.list),
      String(engine.calls.inspect),
      (performance.now() - o0).toFixed(1),
      '',
    ]);
  } finally {
    const mine = await docker.listContainers({ all: true, filters: { label: [`ds01-test.run=${RUN}`] } });
    for (let i = 0; i < mine.length; i += 20) await Promise.all(mine.slice(i, i + 20).map((c) => docker.getContainer(c.Id).remove({ force: true })));
  }
  console.log(`${USERS * PER_USER} containers of ${USERS} users created in ${(createMs / 1000).toFixed(1)} s (1 in ${PER_USER} unlabelled legacy).\n`);
  console.log('| step | containers listed | list calls | inspect calls | wall ms | usage per user ms |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
