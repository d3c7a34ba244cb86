import { strict as assert } from 'node:assert';
import {
  APP_QUERY_ARGS,
  CsvShapeError,
  GPU_FIELDS,
  GPU_QUERY_ARGS,
  parseAppCsv,
  parseCsvInventory,
  parseGpuCsv,
  parseInventory,
  parseSmiXml,
} from '../../../../src/core/nvidia-smi';
import { isProblemError } from '../../../../src/core/problem';
import { RECORDED_HOSTS, recordings } from './fixtures';

const UUID = 'GPU-3f2c9a41-6b0e-4d2f-9a8c-1e5b7d04c2a1';
const row = (cells: Partial<Record<(typeof GPU_FIELDS)[number], string>>) =>
  GPU_FIELDS.map(
    (f) =>
      cells[f] ??
      {
        index: '0',
        uuid: UUID,
        'pci.bus_id': '00000000:17:00.0',
        driver_version: '550.127.05',
        'mig.mode.current': 'Disabled',
        'memory.total': '40960',
        'memory.used': '4',
        'utilization.gpu': '0',
        name: 'NVIDIA A100-PCIE-40GB',
      }[f],
  ).join(', ');

function garbage(run: () => unknown): { message: string; shape: boolean } {
  try {
    run();
  } catch (e) {
    assert.ok(isProblemError(e), `a ProblemError, got ${String(e)}`);
    assert.equal(e.problem.kind, 'nvidia-smi-garbage');
    assert.ok(e.problem.fix, 'with a next step');
    return { message: e.problem.message, shape: e instanceof CsvShapeError };
  }
  assert.fail('no error thrown');
}

describe('core/nvidia-smi CSV queries', () => {
  it('asks nvidia-smi for the fields by the names of --help-query-gpu / --help-query-compute-apps, without header or units', () => {
    assert.deepEqual(GPU_QUERY_ARGS, [
      '--query-gpu=index,uuid,pci.bus_id,driver_version,mig.mode.current,memory.total,memory.used,utilization.gpu,name',
      '--format=csv,noheader,nounits',
    ]);
    assert.deepEqual(APP_QUERY_ARGS, ['--query-compute-apps=gpu_uuid,pid,used_gpu_memory,process_name', '--format=csv,noheader,nounits']);
  });

  describe('the same inventory as -q -x, for every recorded host (keeps the recordings honest with each other)', () => {
    for (const host of RECORDED_HOSTS) {
      const r = recordings(host);
      const fromXml = parseInventory(r.xml, r.list);
      const xmlLog = parseSmiXml(r.xml);
      const mig = xmlLog.gpus.some((g) => g.migEnabled);

      it(`${host.name}: the GPU rows agree with -q -x field for field`, () => {
        const { driverVersion, gpus } = parseGpuCsv(r.gpus);
        assert.equal(driverVersion, xmlLog.driverVersion);
        // The CSV carries no MIG devices and attaches processes separately: compare the rest.
        const bare = (g: (typeof gpus)[number]) => ({ ...g, migDevices: [], processes: [] });
        assert.deepEqual(gpus.map(bare), xmlLog.gpus.map(bare));
      });

      it(`${host.name}: the compute apps are -q -x's processes, on the same GPUs`, () => {
        const apps = parseAppCsv(r.apps);
        const xmlApps = xmlLog.gpus.flatMap((g) => g.processes.map((p) => ({ gpuUuid: g.uuid, pid: p.pid, name: p.name, usedMemoryMiB: p.usedMemoryMiB })));
        assert.deepEqual(apps, xmlApps);
      });

      if (mig) {
        it(`${host.name}: MIG on, so the CSV queries do not answer (-q -x and -L do)`, () => {
          assert.equal(parseCsvInventory(r.gpus, r.apps), null);
        });
      } else {
        it(`${host.name}: the whole inventory equals -q -x's, but for cudaVersion (no --query-gpu field holds it)`, () => {
          const fromCsv = parseCsvInventory(r.gpus, r.apps);
          assert.ok(fromCsv);
          assert.equal(fromCsv.cudaVersion, null);
          assert.notEqual(fromXml.cudaVersion, null);
          assert.deepEqual(fromCsv, { ...fromXml, cudaVersion: null });
        });
      }
    }
  });

  describe("nvidia-smi's spellings", () => {
    it('reads [N/A], [Not Supported], [Insufficient Permissions] and N/A as null, never 0', () => {
      for (const none of ['[N/A]', '[Not Supported]', '[Insufficient Permissions]', '[Unknown Error]', 'N/A']) {
        const [g] = parseGpuCsv(row({ 'memory.used': none, 'utilization.gpu': none })).gpus;
        assert.equal(g.memoryUsedMiB, null, none);
        assert.equal(g.utilizationPercent, null, none);
        assert.equal(g.memoryTotalMiB, 40960);
      }
      const [app] = parseAppCsv(`${UUID}, 4242, [N/A], python`);
      assert.equal(app.usedMemoryMiB, null);
    });

    it('reads figures with units where nounits was not honoured', () => {
      const [g] = parseGpuCsv(row({ 'memory.total': '40960 MiB', 'memory.used': '18811 MiB', 'utilization.gpu': '97 %' })).gpus;
      assert.deepEqual([g.memoryTotalMiB, g.memoryUsedMiB, g.utilizationPercent], [40960, 18811, 97]);
      assert.equal(parseAppCsv(`${UUID}, 4242, 18800 MiB, python`)[0].usedMemoryMiB, 18800);
    });

    it('keeps names with spaces, and a process name with ", " whole', () => {
      assert.equal(parseGpuCsv(row({ name: 'NVIDIA GeForce RTX 4090 D' })).gpus[0].name, 'NVIDIA GeForce RTX 4090 D');
      const [app] = parseAppCsv(`${UUID}, 4242, 100, /home/a b/run, then train.py\r\n`);
      assert.equal(app.name, '/home/a b/run, then train.py');
    });

    it('reads [N/A] mig.mode.current (a GPU without MIG) as MIG off, Enabled as on', () => {
      assert.equal(parseGpuCsv(row({ 'mig.mode.current': '[N/A]' })).gpus[0].migEnabled, false);
      assert.equal(parseGpuCsv(row({ 'mig.mode.current': 'Enabled' })).gpus[0].migEnabled, true);
    });

    it('orders GPUs by nvidia-smi index, as -q -x lists them', () => {
      const text = [row({ index: '1', uuid: 'GPU-b' }), row({ index: '0', uuid: 'GPU-a' })].join('\n');
      assert.deepEqual(
        parseGpuCsv(text).gpus.map((g) => g.uuid),
        ['GPU-a', 'GPU-b'],
      );
    });

    it('reads no compute apps from empty output and from older drivers\' "No running processes found"', () => {
      assert.deepEqual(parseAppCsv(''), []);
      assert.deepEqual(parseAppCsv('No running processes found\n'), []);
    });
  });

  describe('bad answers', () => {
    it('says how many columns came for which fields when a driver renamed or dropped one (the runner then reads -q -x)', () => {
      const short = row({}).split(', ').slice(0, 8).join(', ');
      const { message, shape } = garbage(() => parseGpuCsv(short));
      assert.ok(shape, 'a CsvShapeError, so the runner falls back to -q -x');
      assert.match(
        message,
        /printed 8 columns where 9 fields were asked \(index, uuid, pci\.bus_id, driver_version, mig\.mode\.current, memory\.total, memory\.used, utilization\.gpu, name\)/,
      );
      assert.match(message, /renamed or dropped/);
      assert.ok(garbage(() => parseGpuCsv(`${row({})}, 12`)).shape, 'an extra column');
      assert.ok(garbage(() => parseAppCsv(`${UUID}, 4242`)).shape);
    });

    it('names the field of a value that is not what it should be', () => {
      assert.match(garbage(() => parseGpuCsv(row({ 'memory.total': 'lots' }))).message, /printed "lots" for memory\.total, which is not a figure/);
      assert.match(garbage(() => parseGpuCsv(row({ index: 'x' }))).message, /"x" for index, which is not a whole number/);
      assert.match(garbage(() => parseGpuCsv(row({ uuid: 'uuid' }))).message, /"uuid" where the GPU UUID/);
      assert.match(garbage(() => parseGpuCsv(row({ 'mig.mode.current': 'Maybe' }))).message, /mig\.mode\.current/);
      assert.match(garbage(() => parseAppCsv(`${UUID}, -1, 10, python`)).message, /for pid, which is not a whole number/);
    });

    it('says the GPU query printed nothing', () => {
      assert.match(garbage(() => parseGpuCsv('\n')).message, /^'nvidia-smi --query-gpu=.*' printed nothing\.$/);
    });

    it('refuses a compute app on a GPU the GPU query did not list', () => {
      assert.match(
        garbage(() => parseCsvInventory(row({}), 'GPU-other, 4242, 10, python')).message,
        /names GPU-other \(process 4242\), a GPU the GPU query did not list/,
      );
    });

    it('refuses one UUID listed twice, as for -q -x', () => {
      assert.match(garbage(() => parseCsvInventory([row({}), row({ index: '1' })].join('\n'), '')).message, /more than once \(GPU 0 and GPU 1\)/);
    });
  });
});
