import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { processPlaces } from '../../../src/host/containers/proc-cgroups';
import { deploy, docker, ensureHost, host, removeAll, startCli } from './host';

// A recorded nvidia-smi answer, made at test time from the reference host's template, that reports the
// real host pids of processes running inside containers on the private engine, and one outside any.
function recordProcesses(dir: string, byGpu: Map<number, Array<{ pid: number; mib: number }>>): string {
  const template = readFileSync(join(dirname(host.smi), 'a100x4-mig-off.xml'), 'utf8');
  let gpu = -1;
  const xml = template.replace(/<processes>\s*<\/processes>/g, () => {
    gpu += 1;
    const infos = (byGpu.get(gpu) ?? [])
      .map(
        (p) =>
          `\n\t\t\t<process_info>\n\t\t\t\t<gpu_instance_id>N/A</gpu_instance_id>\n\t\t\t\t<compute_instance_id>N/A</compute_instance_id>\n\t\t\t\t<pid>${p.pid}</pid>\n\t\t\t\t<type>C</type>\n\t\t\t\t<process_name>python3</process_name>\n\t\t\t\t<used_memory>${p.mib} MiB</used_memory>\n\t\t\t</process_info>`,
      )
      .join('');
    return `<processes>${infos}\n\t\t</processes>`;
  });
  assert.equal(gpu, 3, 'the template has four GPUs');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'smi.xml'), xml);
  const smi = join(dir, 'nvidia-smi');
  writeFileSync(
    smi,
    `#!/bin/sh\ncase "$*" in\n  "-q -x") exec cat "${dir}/smi.xml" ;;\n  "-L") exec cat "${dirname(host.smi)}/a100x4-mig-off.L.txt" ;;\n  *) exit 2 ;;\nesac\n`,
  );
  chmodSync(smi, 0o755);
  return smi;
}

async function hostPids(id: string): Promise<number[]> {
  const top = await docker.getContainer(id).top({ ps_args: '-o pid' });
  return (top.Processes as string[][]).map((row) => Number(row[0]));
}

describe('engine/deploy: GPU processes mapped to containers through /proc/<pid>/cgroup', function () {
  this.timeout(120000);
  before(ensureHost);
  afterEach(removeAll);

  it('places real container pids in their containers and a host pid in none; list and gpus show them', async () => {
    const a = await deploy('mail', 'train', '--gpus', '1');
    const b = await deploy('news', 'other', '--gpus', '1');
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const aPid = (await docker.getContainer(a.json.id).inspect()).State.Pid;
    const bPid = (await docker.getContainer(b.json.id).inspect()).State.Pid;
    const outside = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      const smi = recordProcesses(
        join(host.dir, 'smi-procs'),
        new Map([
          [Number(a.json.slots[0]), [{ pid: aPid, mib: 1234 }]],
          [
            Number(b.json.slots[0]),
            [
              { pid: bPid, mib: 2222 },
              { pid: outside.pid!, mib: 77 },
            ],
          ],
        ]),
      );
      const places = processPlaces([aPid, bPid, outside.pid!]);
      assert.equal(places.get(aPid)!.containerId, a.json.id);
      assert.equal(places.get(bPid)!.containerId, b.json.id);
      assert.equal(places.get(outside.pid!)!.containerId, null);

      const env = { DS01_NVIDIA_SMI: smi };
      const list = await startCli(['container', 'list', '--user', 'mail', '--json'], { env }).done;
      assert.equal(list.code, 0, list.stderr);
      const [row] = list.json.containers;
      assert.deepEqual(row.gpuProcesses, [{ pid: aPid, slot: a.json.slots[0], usedMemoryMiB: 1234 }]);
      assert.equal(row.gpuMemoryMiB, 1234);
      assert.deepEqual(
        row.gpuUtilization.map((u: { slot: string }) => u.slot),
        a.json.slots,
      );
      const table = await startCli(['container', 'list', '--user', 'mail'], { env }).done;
      assert.match(table.stdout, /GPU MEM/);
      assert.match(table.stdout, /^train +running +\d +1234 MiB/m);

      const gpus = await startCli(['gpus', '--user', 'mail', '--json'], { env }).done;
      assert.equal(gpus.code, 0, gpus.stderr);
      assert.deepEqual(
        gpus.json.processes.map((p: { pid: number; container: string }) => [p.pid, p.container]),
        [[aPid, 'train']],
      );
      assert.deepEqual(gpus.json.otherProcesses, [{ slot: b.json.slots[0], count: 2, usedMemoryMiB: 2299 }]);
      const text = await startCli(['gpus', '--user', 'mail'], { env }).done;
      assert.match(text.stdout, new RegExp(`^${a.json.slots[0]} +${aPid} +1234 +train: python3$`, 'm'));
      assert.match(text.stdout, new RegExp(`^${b.json.slots[0]} +2299 +2 processes of other users$`, 'm'));
      assert.doesNotMatch(text.stdout, new RegExp(`\\b(${bPid}|${outside.pid})\\b|other\\b.*python`));
    } finally {
      outside.kill();
    }
  });

  it('measures the /proc read cost with many processes in a container', async () => {
    const c = await deploy('mail', 'many', '--gpus', '0');
    assert.equal(c.code, 0, c.stderr);
    const exec = await docker.getContainer(c.json.id).exec({ Cmd: ['sh', '-c', 'i=0; while [ $i -lt 100 ]; do sleep 1000 & i=$((i+1)); done; wait'] });
    await exec.start({ Detach: true });
    let pids: number[] = [];
    for (let i = 0; i < 100 && pids.length < 101; i++) {
      pids = await hostPids(c.json.id);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(pids.length > 100, `${pids.length} processes`);
    processPlaces(pids);
    const rounds = 5;
    const t = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) {
      const places = processPlaces(pids);
      assert.ok([...places.values()].every((p) => p.containerId === c.json.id));
    }
    const ms = Number(process.hrtime.bigint() - t) / 1e6 / rounds;
    console.log(`      /proc placement of ${pids.length} container pids: ${ms.toFixed(1)} ms (${((ms * 1000) / pids.length).toFixed(1)} µs a pid)`);
    // And every process of this machine, host ones included (the pids limit of the test config caps the container).
    const all = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
    const t2 = process.hrtime.bigint();
    const placed = processPlaces(all);
    const allMs = Number(process.hrtime.bigint() - t2) / 1e6;
    const inContainers = [...placed.values()].filter((p) => p.containerId).length;
    console.log(`      /proc placement of all ${all.length} pids on this machine (${inContainers} in containers): ${allMs.toFixed(1)} ms`);
    assert.ok(ms < 2000 && allMs < 5000);
  });
});
