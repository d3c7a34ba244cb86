import { strict as assert } from 'node:assert';
import { parseInventory } from '../../../../src/core/nvidia-smi';
import { isProblemError } from '../../../../src/core/problem';
import { fixture } from './fixtures';

function garbageMessage(xml: string): string {
  try {
    parseInventory(xml);
  } catch (e) {
    assert.ok(isProblemError(e), 'a ProblemError');
    assert.equal(e.problem.kind, 'nvidia-smi-garbage');
    assert.ok(e.problem.fix, 'with a next step');
    return e.problem.message;
  }
  assert.fail('no error thrown');
}

describe('core/nvidia-smi bad input', () => {
  it('names the command and says it printed nothing', () => {
    assert.match(garbageMessage(''), /^'nvidia-smi -q -x' printed nothing\.$/);
    assert.match(garbageMessage('  \n'), /printed nothing/);
  });

  it('rejects text that is not XML', () => {
    assert.match(garbageMessage('Segmentation fault (core dumped) <gpu><uuid>GPU-'), /'nvidia-smi -q -x' printed text that is not XML/);
    assert.match(garbageMessage('{"gpus": []}'), /not XML/);
  });

  it('rejects XML cut short (a killed or crashed nvidia-smi)', () => {
    const xml = fixture('a100x4-mig-off').xml;
    assert.match(garbageMessage(xml.slice(0, Math.floor(xml.length / 2))), /not XML/);
  });

  it('rejects one UUID listed many times (a crafted recording): an inventory error, not that many GPUs', () => {
    const xml = fixture('a100x4-mig-off').xml;
    const first = /<uuid>(GPU-[^<]*)<\/uuid>/.exec(xml)![1];
    const same = xml.replace(/<uuid>GPU-[^<]*<\/uuid>/g, `<uuid>${first}</uuid>`);
    assert.match(garbageMessage(same), new RegExp(`lists ${first} more than once \\(GPU 0 and GPU 1\\)`));
    const twice = fixture('a100x2-mig');
    const mig = /MIG-[0-9a-f-]+/.exec(twice.list)![0];
    const list = twice.list.replace(/MIG-[0-9a-f-]+/g, mig);
    assert.throws(
      () => parseInventory(twice.xml.replace(/<uuid>MIG-[^<]*<\/uuid>/g, `<uuid>${mig}</uuid>`), list),
      (e: unknown) => isProblemError(e) && /more than once/.test(e.problem.message),
    );
  });

  it('rejects XML of another tool', () => {
    assert.match(garbageMessage('<?xml version="1.0"?><rocm_smi><card/></rocm_smi>'), /without an <nvidia_smi_log> element/);
  });

  it('rejects a GPU without a UUID, naming which one', () => {
    const xml = fixture('a100x4-mig-off').xml.replace(/<uuid>GPU-c05e[^<]*<\/uuid>/, '<uuid>N/A</uuid>');
    assert.match(garbageMessage(xml), /<gpu> element \(number 3\) without a UUID/);
  });

  it('reads a host with no GPUs as an empty inventory', () => {
    const inv = parseInventory(
      '<?xml version="1.0" ?>\n<nvidia_smi_log><driver_version>550.127.05</driver_version><attached_gpus>0</attached_gpus></nvidia_smi_log>',
    );
    assert.deepEqual([inv.gpus, inv.slots, inv.processes], [[], [], []]);
  });
});
