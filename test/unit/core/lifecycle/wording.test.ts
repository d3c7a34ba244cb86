// Issue 25: one wording for a stopped container (row, notice, tooltip, limits), the keep-alive's shared
// folder, the host's alerts with their action, and the stop grace of a container type.
import { strict as assert } from 'node:assert';
import {
  containerLifecycle,
  explain,
  keepAliveSharedNote,
  nextText,
  parseHostSchedule,
  removalOf,
  removalSentence,
  type LifecycleRules,
} from '../../../../src/core/lifecycle';
import type { Ds01Container } from '../../../../src/core/model';
import type { RunState } from '../../../../src/core/containers/run-state';
import { lifecycleSubject } from '../../helpers/records';
import { alertAction, alertSeverity } from '../../../../src/core/lifecycle/host-notes';
import { parseLimitsConfig, resolveLimits } from '../../../../src/core/limits';
import { sigtermGraceFor } from '../../../../src/core/limits/lifecycle-policies';
import { fixtureSources } from '../limits/fixtures';

const NOW = new Date('2026-12-04T10:00:00Z');
const OURS = { 'ds01.user': 'bob', 'ds01.managed': 'true', 'ds01.interface': 'orchestration' };

function stopped(over: Partial<Ds01Container & RunState> = {}): [Ds01Container, RunState] {
  return lifecycleSubject({
    name: 'train._.1001',
    labels: OURS,
    state: 'exited',
    running: false,
    createdAt: new Date('2026-12-04T07:00:00Z'),
    startedAt: new Date('2026-12-04T08:00:00Z'),
    finishedAt: new Date('2026-12-04T09:50:00Z'),
    ...over,
  });
}

function rules(): LifecycleRules {
  const sources = fixtureSources('2026-07');
  return {
    owner: { name: 'bob', known: true, lifecycle: resolveLimits(sources, { user: 'bob', grantFileExists: false }).lifecycle },
    config: sources.config.lifecycle,
    defaultContainerHoldSeconds: sources.config.defaults.containerHoldAfterStopSeconds,
    exemptions: null,
    schedule: parseHostSchedule([]),
    keepAlive: { kind: 'absent' },
    highDemand: false,
  };
}

describe('core/lifecycle wording (issue 25)', () => {
  const view = containerLifecycle(...stopped(), rules(), NOW);
  const removal = removalOf(view)!;

  it('a stopped container: the row, the notice and the tooltip say the same removal, time and "+ up to 1h"', () => {
    const row = nextText(view, NOW);
    assert.match(row, /^removed \d\d:\d\d \(\+ up to 1h\), GPU freed$/);
    const when = row.slice('removed '.length, row.indexOf(', GPU freed'));
    const notice = removalSentence(removal, 'train (stopped)', NOW);
    assert.ok(notice.includes(`removes train (stopped) at ${when}, in `), notice);
    assert.match(notice, /its GPU is freed then\. Start it before then to keep it\.$/);
    const tip = explain(view, NOW, 'train');
    assert.ok(tip[0].startsWith(`The host removes train (stopped) at ${when}`), tip[0]);
    assert.ok(!tip.some((l) => /^Idle stop|^Max runtime/.test(l)), `no idle or runtime rules for a stopped one: ${tip.join(' / ')}`);
  });

  it('a stopped container whose removal is far off is never shown the idle rule', () => {
    const far = containerLifecycle(...stopped({ finishedAt: new Date('2026-12-04T09:59:00Z'), gpuUuids: [], hostSeesGpu: false }), rules(), NOW);
    assert.match(nextText(far, NOW), /^removed /);
  });

  it('a running container keeps its rules in the tooltip', () => {
    const running = containerLifecycle(...stopped({ state: 'running', finishedAt: null }), rules(), NOW);
    assert.equal(removalOf(running), null);
    assert.ok(explain(running, NOW, 'train').some((l) => l.startsWith('Idle stop')));
  });

  it('keep-alive: says the file in the mounted folder keeps every container with it alive', () => {
    assert.equal(
      keepAliveSharedNote('/home/bob/proj', ['train2']),
      'The file is in /home/bob/proj, the folder mounted at /workspace, so it keeps every container with that folder alive: train2 is kept alive too.',
    );
    assert.match(keepAliveSharedNote(null, []), /keeps every container with that folder alive\.$/);
  });

  it('host alerts: the action each calls for, warning only for a limit reached', () => {
    assert.deepEqual(alertAction('gpu_limit_reached'), { title: 'Retire a Container', command: 'ds01.retire' });
    assert.deepEqual(alertAction('container_usage_high'), { title: 'Retire a Container', command: 'ds01.retire' });
    assert.deepEqual(alertAction('memory_limit_reached'), { title: 'Show My Limits', command: 'ds01.showLimits' });
    assert.equal(alertAction('something_else'), null);
    assert.equal(alertSeverity('gpu_limit_reached'), 'warning');
    assert.equal(alertSeverity('gpu_usage_high'), 'info');
  });

  it("the stop grace: the container type's sigterm_grace_s, else the policy's, else 60 s", () => {
    const c = fixtureSources('2026-07').config.lifecycle;
    assert.equal(sigtermGraceFor(c, 'devcontainer'), 30);
    const parsed = parseLimitsConfig(
      'defaults: {}\npolicies:\n  sigterm_grace_s: 20\ncontainer_types:\n  compose:\n    sigterm_grace_s: 45\n',
      'f.yaml',
    ).lifecycle;
    assert.equal(sigtermGraceFor(parsed, 'compose'), 45);
    assert.equal(sigtermGraceFor(parsed, 'atomic'), 20);
    assert.equal(sigtermGraceFor(parseLimitsConfig('defaults: {}\n', 'f.yaml').lifecycle, 'atomic'), 60);
  });

  it("a container type's quoted sigterm_grace_s counts as its number, as the scripts pass it to docker stop -t", () => {
    const parsed = parseLimitsConfig(
      'defaults: {}\npolicies:\n  sigterm_grace_s: 20\ncontainer_types:\n  compose:\n    sigterm_grace_s: "45"\n',
      'f.yaml',
    ).lifecycle;
    assert.equal(sigtermGraceFor(parsed, 'compose'), 45);
  });
});
