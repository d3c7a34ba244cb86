import { strict as assert } from 'node:assert';
import {
  keptListEntry,
  mergeListEntries,
  parseEventLines,
  replayEvents,
  sinceParam,
  untilParam,
  type EngineEvent,
  type KeptListEntry,
} from '../../../../src/core/engine/list-replay';
import { parseListRecords, serializeListRecords } from '../../../../src/core/engine/list-record-file';

const ID = (n: number) => n.toString(16).padStart(64, 'a');
// As dockerd writes them (moby 20-27): one object per line, timeNano an int64 that a JS number would round.
const line = (type: string, action: string, id: string, timeNano: string) =>
  JSON.stringify({
    status: action,
    id,
    from: 'busybox',
    Type: type,
    Action: action,
    Actor: { ID: id, Attributes: { name: 'x' } },
    scope: 'local',
    time: Number(timeNano.slice(0, -9)),
  }).replace(/}$/, `,"timeNano":${timeNano}}`);
const ev = (type: string, action: string, id: string, timeNano: string): EngineEvent => ({ type, action, id, timeNano });
const entry = (n: number, created: number, state = 'exited'): KeptListEntry => ({ Id: ID(n), Names: [`/c${n}`], Created: created, State: state, Labels: {} });

describe("core/engine/list-replay: a kept container list brought up to date from the engine's event log", () => {
  it('reads the event log line by line, keeping every digit of timeNano, and leaves out lines it cannot read', () => {
    const text = [
      line('container', 'start', ID(1), '1733300000123456789'),
      'not json',
      '{"Type":"container"}',
      line('network', 'connect', 'net1', '1733300000123456790'),
      '',
    ].join('\n');
    assert.deepEqual(parseEventLines(text), [ev('container', 'start', ID(1), '1733300000123456789'), ev('network', 'connect', 'net1', '1733300000123456790')]);
    assert.notEqual(String(Number('1733300000123456789')), '1733300000123456789', 'a JS number would have lost digits');
  });

  it('an anchor still in the log: the containers named after it changed, other kinds of objects are not containers', () => {
    const anchor = ev('container', 'create', ID(1), '100');
    const log = [
      ev('container', 'die', ID(9), '90'),
      anchor,
      ev('network', 'create', 'n', '101'),
      ev('container', 'start', ID(2), '102'),
      ev('container', 'die', ID(2), '103'),
    ];
    const r = replayEvents(log, anchor);
    assert.equal(r.anchorFound, true);
    assert.deepEqual(r.changedIds, [ID(2)], "the anchor's own change and the ones before it are in the kept list already");
    assert.deepEqual(r.newest, log[4]);
  });

  it('an anchor no longer in the log (daemon restarted, or more events than it keeps): not found, nothing trusted', () => {
    const r = replayEvents([ev('container', 'start', ID(2), '102')], ev('container', 'create', ID(1), '100'));
    assert.equal(r.anchorFound, false);
    assert.deepEqual(r.changedIds, []);
  });

  it('only the anchor again: nothing changed and the anchor stays the same object (the file is not rewritten)', () => {
    const anchor = ev('container', 'create', ID(1), '100');
    const r = replayEvents([{ ...anchor }], anchor);
    assert.deepEqual(r.changedIds, []);
    assert.equal(r.newest, anchor);
  });

  it('merges: new containers first and newest first, changed ones in place, removed ones gone', () => {
    const kept = [entry(3, 30), entry(2, 20), entry(1, 10)];
    const merged = mergeListEntries(kept, [ID(2), ID(1), ID(5), ID(4)], [entry(4, 40), entry(5, 50), entry(2, 20, 'running')]);
    assert.deepEqual(
      merged.map((e) => [e.Id, e.State]),
      [
        [ID(5), 'exited'],
        [ID(4), 'exited'],
        [ID(3), 'exited'],
        [ID(2), 'running'],
      ],
    );
  });

  it('keeps only the list fields that are read, and writes since/until as the events API takes them', () => {
    const e = keptListEntry({
      Id: ID(1),
      Names: ['/a'],
      Image: 'img',
      Created: 5,
      Labels: { a: 'b' },
      State: 'running',
      Mounts: [{ Type: 'bind', Source: '/s', Destination: '/d', Mode: 'rw' } as never],
      Status: 'Up 2 hours',
    } as never);
    assert.deepEqual(e, {
      Id: ID(1),
      Names: ['/a'],
      Image: 'img',
      Created: 5,
      Labels: { a: 'b' },
      State: 'running',
      Mounts: [{ Type: 'bind', Source: '/s', Destination: '/d' }],
    });
    assert.equal(sinceParam('1733300000123456789'), '1733300000.123456789');
    assert.equal(sinceParam('5'), '0.000000005');
    assert.equal(untilParam(1733300000042), '1733300000.042');
  });

  it('the kept file: read back as written; another engine, another format or a malformed entry is ignored', () => {
    const records = {
      anchor: ev('container', 'create', ID(1), '1733300000123456789'),
      entries: [entry(1, 10), { ...entry(2, 20), Mounts: null, Names: null, Labels: null }],
    };
    const text = serializeListRecords(records, 'unix:///a.sock');
    assert.deepEqual(parseListRecords(text, 'unix:///a.sock'), records);
    assert.equal(parseListRecords(text, 'unix:///b.sock'), null);
    assert.equal(parseListRecords(text.replace('"format":1', '"format":2'), 'unix:///a.sock'), null);
    assert.equal(parseListRecords(text.replace(ID(2), 'zz'), 'unix:///a.sock'), null);
    assert.equal(parseListRecords(text.replace('"State":"exited"', '"State":7'), 'unix:///a.sock'), null);
    assert.equal(parseListRecords(text.replace('1733300000123456789', '17333e9'), 'unix:///a.sock'), null);
    assert.equal(parseListRecords(text.slice(0, -5), 'unix:///a.sock'), null);
  });
});
