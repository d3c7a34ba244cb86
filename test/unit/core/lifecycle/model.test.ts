// The lifecycle model on its own: each rule of the host's scripts, with a fixed clock.
import { strict as assert } from 'node:assert';
import {
  containerLifecycle,
  explain,
  hostContainerType,
  stateReaderInterface,
  hostSeesGpu,
  nextText,
  parseExemptions,
  parseHostSchedule,
  checkExemption,
  cronMinutes,
  nextRun,
  UNKNOWN_SCHEDULE,
  type LifecycleRules,
} from '../../../../src/core/lifecycle';
import type { Ds01Container } from '../../../../src/core/model';
import type { RunState } from '../../../../src/core/containers/run-state';
import { lifecycleSubject } from '../../helpers/records';
import { parseLimitsConfig, resolveLimits } from '../../../../src/core/limits';
import { configText, fixtureSources } from '../limits/fixtures';

const NOW = new Date('2026-12-04T10:00:00Z');
const CRON_2026_07 = `INFRA_ROOT=/opt/ds01-infra
20 * * * * root $INFRA_ROOT/scripts/monitoring/check-idle-containers.sh >> /var/log/ds01/idle-cleanup.log 2>&1
35 * * * * root $INFRA_ROOT/scripts/maintenance/enforce-max-runtime.sh >> /var/log/ds01/runtime-enforcement.log 2>&1
5 * * * * root $INFRA_ROOT/scripts/maintenance/cleanup-stale-gpu-allocations.sh >> /var/log/ds01/gpu-cleanup.log 2>&1
50 * * * * root $INFRA_ROOT/scripts/maintenance/cleanup-stale-containers.sh >> /var/log/ds01/container-cleanup.log 2>&1
`;
const OURS = { 'ds01.user': 'bob', 'ds01.managed': 'true', 'ds01.interface': 'orchestration', 'ds01.client': 'cli' };

function subject(over: Partial<Ds01Container & RunState> = {}): [Ds01Container, RunState] {
  return lifecycleSubject({
    name: 'train',
    labels: OURS,
    state: 'running',
    createdAt: new Date('2026-12-04T07:00:00Z'),
    startedAt: new Date('2026-12-04T08:10:30.123Z'),
    finishedAt: null,
    ...over,
  });
}

function rules(user = 'bob', over: Partial<LifecycleRules> = {}): LifecycleRules {
  const sources = fixtureSources('2026-07');
  const limits = resolveLimits(sources, { user, grantFileExists: false });
  return {
    owner: { name: user, known: true, lifecycle: limits.lifecycle, policies: limits.lifecyclePolicies },
    config: sources.config.lifecycle,
    defaultContainerHoldSeconds: sources.config.defaults.containerHoldAfterStopSeconds,
    exemptions: null,
    schedule: parseHostSchedule([CRON_2026_07]),
    keepAlive: { kind: 'absent' },
    highDemand: false,
    ...over,
  };
}

describe('core/lifecycle', () => {
  describe("classification (the scripts' get_container_type)", () => {
    it('ours, labelled either way, land in the own-limits types', () => {
      assert.equal(hostContainerType(OURS, 'train'), 'orchestration');
      assert.equal(hostContainerType({ 'ds01.container_type': 'atomic', 'ds01.interface': 'orchestration' }, 'x'), 'atomic');
    });
    it('falls back by name, devcontainer, compose, docker; a look-alike label key gives <no value>', () => {
      assert.equal(hostContainerType({ 'ds01.managed': 'true' }, 'p._.1001'), 'atomic');
      assert.equal(hostContainerType({ 'devcontainer.local_folder': '/home/a/p' }, 'x'), 'devcontainer');
      assert.equal(hostContainerType({ 'com.docker.compose.project': 'p' }, 'x'), 'compose');
      assert.equal(hostContainerType(null, 'x'), 'docker');
      assert.equal(hostContainerType({ 'ds01.interface.version': '2' }, 'x'), '<no value>');
      assert.equal(hostContainerType({ 'ds01.container_type': '' }, 'x'), 'docker');
    });
    it('sees a GPU only in a device request naming nvidia or gpu', () => {
      assert.equal(hostSeesGpu([{ Driver: 'nvidia', DeviceIDs: ['GPU-1'] }]), true);
      assert.equal(hostSeesGpu([{ Driver: '', Capabilities: [['gpu']] }]), true);
      assert.equal(hostSeesGpu([]), false);
      assert.equal(hostSeesGpu(null), false);
    });
  });

  describe('cron schedule', () => {
    it('reads minutes of hourly jobs from cron.d text; several files merge; non-hourly is unknown', () => {
      const s = parseHostSchedule([CRON_2026_07, '0 * * * * root /x/cleanup-stale-containers.sh\n']);
      assert.deepEqual(s, { idle: [20], runtime: [35], gpuCleanup: [5], containerCleanup: [0, 50] });
      assert.equal(parseHostSchedule(['35 2 * * * root /x/enforce-max-runtime.sh']).runtime, null);
      assert.deepEqual(parseHostSchedule(['']), UNKNOWN_SCHEDULE);
      assert.deepEqual(cronMinutes('*/15'), [0, 15, 30, 45]);
      assert.deepEqual(cronMinutes('5,35'), [5, 35]);
      assert.equal(cronMinutes('x'), null);
    });
    it('finds the next run at or after a time, crossing the hour', () => {
      assert.equal(nextRun(new Date('2026-12-04T10:35:00Z'), [35])!.toISOString(), '2026-12-04T10:35:00.000Z');
      assert.equal(nextRun(new Date('2026-12-04T10:35:01Z'), [35])!.toISOString(), '2026-12-04T11:35:00.000Z');
      assert.equal(nextRun(new Date('2026-12-04T23:59:00Z'), [5])!.toISOString(), '2026-12-05T00:05:00.000Z');
      assert.equal(nextRun(NOW, null), null);
    });
  });

  describe('exemptions (check_exemption, quirks included)', () => {
    const file = (entries: string) => parseExemptions(`exemptions:\n${entries}`);
    it('permanent, temporary until a time, expired', () => {
      const e = file(
        '  - {username: bob, exempt_from: [idle_timeout_h], reason: r}\n  - {username: bob, exempt_from: [max_runtime_h], expires_on: "2026-12-05T00:00:00Z"}\n',
      );
      assert.deepEqual(checkExemption(e, 'bob', 'idle_timeout_h', NOW), { exempt: true, reason: 'Permanent exemption: r', permanent: true, until: null });
      const t = checkExemption(e, 'bob', 'max_runtime_h', NOW);
      assert.equal(t.exempt && t.until?.toISOString(), '2026-12-05T00:00:00.000Z');
      assert.equal(checkExemption(e, 'bob', 'max_runtime_h', new Date('2026-12-05T00:00:00Z')).exempt, false);
    });
    it("an unquoted date or a zoneless time makes the host's check fail: nobody after it is exempt", () => {
      const e = file('  - {username: bob, exempt_from: [idle_timeout_h], expires_on: 2099-01-01}\n  - {username: bob, exempt_from: [idle_timeout_h]}\n');
      assert.equal(checkExemption(e, 'bob', 'idle_timeout_h', NOW).exempt, false);
      assert.equal(
        checkExemption(file('  - {username: bob, exempt_from: [idle_timeout_h], expires_on: "2099-01-01T00:00:00"}\n'), 'bob', 'idle_timeout_h', NOW).exempt,
        false,
      );
    });
    it('a string exempt_from is a substring test; a bad expiry text is skipped', () => {
      const e = file('  - {username: bob, exempt_from: "idle_timeout_h and more", expires_on: "soon"}\n  - {username: bob, exempt_from: "idle_timeout_h"}\n');
      assert.equal(checkExemption(e, 'bob', 'idle_timeout_h', NOW).exempt, true);
    });
    it('no file, malformed YAML or no list: nobody is exempt', () => {
      assert.equal(parseExemptions(null), null);
      assert.equal(parseExemptions('exemptions: [\n'), null);
      assert.equal(parseExemptions('exemptions: {bob: 1}'), null);
    });
  });

  describe('containerLifecycle', () => {
    it('a running GPU container of ours: own limits, runtime end, the enforcement run, warnings at 75% and 90%', () => {
      const v = containerLifecycle(...subject(), rules(), NOW);
      assert.deepEqual(v.lifecycle, {
        type: 'orchestration',
        idleTimeoutSeconds: 3600,
        maxRuntimeSeconds: 48 * 3600,
        runtimeLimitAt: '2026-12-06T08:10:30.000Z',
        enforcementAt: '2026-12-06T08:35:00.000Z',
        keepAliveUntil: null,
        gpuReleaseAt: null,
        removeAt: null,
      });
      assert.deepEqual(
        v.events.map((e) => [e.kind, e.at.toISOString()]),
        [
          ['runtime-warning-75', '2026-12-05T20:35:00.000Z'],
          ['runtime-warning-90', '2026-12-06T03:35:00.000Z'],
          ['runtime-stop', '2026-12-06T08:35:00.000Z'],
        ],
      );
    });
    it("without a cron file the run is unknown: enforcementAt null, the rule's own time kept for the text", () => {
      const v = containerLifecycle(...subject(), rules('bob', { schedule: UNKNOWN_SCHEDULE }), NOW);
      assert.equal(v.lifecycle.enforcementAt, null);
      assert.equal(v.lifecycle.runtimeLimitAt, '2026-12-06T08:10:30.000Z');
      assert.ok(v.events.find((e) => e.kind === 'runtime-stop')!.runUnknown);
    });
    it('no GPU device request: neither idle stop nor max runtime', () => {
      const v = containerLifecycle(...subject({ hostSeesGpu: false }), rules(), NOW);
      assert.equal(v.lifecycle.idleTimeoutSeconds, null);
      assert.equal(v.lifecycle.maxRuntimeSeconds, null);
      assert.match(v.idle.why, /no GPU/);
    });
    it('high demand halves the idle timeout; unknown leaves it', () => {
      assert.equal(containerLifecycle(...subject(), rules('bob', { highDemand: true }), NOW).lifecycle.idleTimeoutSeconds, 1800);
      assert.equal(containerLifecycle(...subject(), rules('bob', { highDemand: null }), NOW).lifecycle.idleTimeoutSeconds, 3600);
    });
    it('a temporary runtime exemption moves the enforcement to the first run after it ends', () => {
      const ex = parseExemptions('exemptions:\n  - {username: bob, exempt_from: [max_runtime_h], expires_on: "2026-12-07T09:00:00Z"}\n');
      assert.equal(containerLifecycle(...subject(), rules('bob', { exemptions: ex }), NOW).lifecycle.enforcementAt, '2026-12-07T09:35:00.000Z');
    });
    it('keep-alive younger than 24 h: kept alive until mtime + 24 h; older: ignored', () => {
      const fresh = containerLifecycle(...subject(), rules('bob', { keepAlive: { kind: 'present', modifiedAt: new Date('2026-12-04T09:12:00Z') } }), NOW);
      assert.equal(fresh.lifecycle.keepAliveUntil, '2026-12-05T09:12:00.000Z');
      const old = containerLifecycle(...subject(), rules('bob', { keepAlive: { kind: 'present', modifiedAt: new Date('2026-12-03T09:00:00Z') } }), NOW);
      assert.equal(old.lifecycle.keepAliveUntil, null);
    });
    it("stopped orchestration GPU container: held for gpu_hold_after_stop like any other, as the host's allocator does (issue 21)", () => {
      // _get_container_interface never names the container to docker inspect, so it answers `docker` for every one.
      const v = containerLifecycle(...subject({ state: 'exited', finishedAt: new Date('2026-12-04T09:50:00Z') }), rules(), NOW);
      assert.equal(v.lifecycle.gpuReleaseAt, '2026-12-04T11:05:00.000Z');
      assert.equal(v.lifecycle.removeAt, '2026-12-04T10:50:00.000Z');
      assert.equal(v.lifecycle.runtimeLimitAt, null);
      const never = containerLifecycle(...subject({ state: 'exited', finishedAt: null }), rules(), NOW);
      assert.equal(never.lifecycle.gpuReleaseAt, '2026-12-04T10:05:00.000Z', 'no FinishedAt: removed at the next run');
    });
    it("the state reader's interface classes, `other` included (gpu-state-reader.py)", () => {
      assert.equal(stateReaderInterface({ 'ds01.interface': 'orchestration' }, 'x'), 'orchestration');
      assert.equal(stateReaderInterface({ 'ds01.interface': 'weird' }, 'x'), 'docker');
      assert.equal(stateReaderInterface({ 'devcontainer.metadata': '[]' }, 'x'), 'other');
      assert.equal(stateReaderInterface({}, 'web_1'), 'other');
      assert.equal(stateReaderInterface({}, 'jupyter-alice'), 'other');
      assert.equal(stateReaderInterface({}, 'p._.1000'), 'atomic');
      assert.equal(stateReaderInterface(null, 'plain'), 'docker');
    });
    it('stopped atomic GPU container: GPU after gpu_hold_after_stop_h, removal after container_hold_after_stop_h, whichever first', () => {
      const labels = { 'ds01.user': 'bob', 'ds01.interface': 'atomic' };
      const v = containerLifecycle(...subject({ labels, state: 'exited', finishedAt: new Date('2026-12-04T09:50:00Z') }), rules(), NOW);
      // researcher: gpu hold 0.25 h (defaults) -> > 10:05:00 -> the 11:05 run; container hold 0.5 h -> > 10:20 -> 10:50.
      assert.equal(v.lifecycle.gpuReleaseAt, '2026-12-04T11:05:00.000Z');
      assert.equal(v.lifecycle.removeAt, '2026-12-04T10:50:00.000Z');
    });
    it('a GPU release at a known run wins over a removal whose run is unknown (release-stale removes it too)', () => {
      const schedule = { ...parseHostSchedule([CRON_2026_07]), containerCleanup: null };
      const labels = { 'ds01.user': 'bob', 'ds01.interface': 'atomic' };
      const v = containerLifecycle(...subject({ labels, state: 'exited', finishedAt: new Date('2026-12-04T09:50:00Z') }), rules('bob', { schedule }), NOW);
      assert.equal(v.lifecycle.removeAt, '2026-12-04T11:05:00.000Z');
    });
    it('the next-event text: runtime, idle rule, keep-alive, GPU release', () => {
      const soon = containerLifecycle(...subject({ startedAt: new Date('2026-12-02T10:30:00Z') }), rules(), NOW);
      assert.match(nextText(soon, NOW), /^runtime ends /);
      assert.equal(nextText(containerLifecycle(...subject(), rules(), NOW), NOW), 'idle stop after 1h idle');
      const kept = containerLifecycle(...subject(), rules('bob', { keepAlive: { kind: 'present', modifiedAt: new Date('2026-12-04T09:12:00Z') } }), NOW);
      assert.match(nextText(kept, NOW), /^kept alive until /);
      const stopped = containerLifecycle(...subject({ state: 'exited', finishedAt: new Date('2026-12-04T09:50:00Z') }), rules(), NOW);
      // Removal (10:50) comes before the GPU release run (11:05): removal frees the GPU with the container.
      assert.match(nextText(stopped, NOW), /^removed \d\d:\d\d$/);
    });
  });

  describe('per-group idle detection (get_lifecycle_policies, issue 21)', () => {
    const student = 'newcomer';
    it('a researcher needs 4 checks in a row, a student 3; no check in the first 30 min; SIGTERM grace per type', () => {
      const r = containerLifecycle(...subject(), rules('bob'), NOW);
      assert.deepEqual(r.idle.detection, { window: 4, graceSeconds: 1800, sigtermGraceSeconds: 60 });
      const labels = { 'ds01.user': student, 'ds01.interface': 'orchestration' };
      const s = containerLifecycle(...subject({ labels }), rules(student), NOW);
      assert.deepEqual(s.idle.detection, { window: 3, graceSeconds: 1800, sigtermGraceSeconds: 60 });
      const compose = containerLifecycle(...subject({ labels: { 'com.docker.compose.project': 'p' } }), rules(student), NOW);
      assert.equal(compose.idle.detection.sigtermGraceSeconds, 45);
      assert.ok(
        explain(r, NOW).includes(
          "Idle detection: 4 hourly checks in a row must find it idle (your group's policies); none in its first 30m after a start; stopped with 60 s to shut down",
        ),
        explain(r, NOW).join('\n'),
      );
      assert.ok(explain(s, NOW).some((l) => l.startsWith('Idle detection: 3 hourly checks')));
    });
    it("the NEXT column: the idle stop cannot come before the window's last check (researcher 3 h, student 2 h)", () => {
      // Runtime ends in 2.5 h for both (researcher 48 h, student 24 h).
      const researcher = containerLifecycle(...subject({ startedAt: new Date(NOW.getTime() - 45.5 * 3600e3) }), rules('bob'), NOW);
      assert.match(nextText(researcher, NOW), /^runtime ends /);
      const labels = { 'ds01.user': student, 'ds01.interface': 'orchestration' };
      const s = containerLifecycle(...subject({ labels, startedAt: new Date(NOW.getTime() - 21.5 * 3600e3) }), rules(student), NOW);
      assert.equal(nextText(s, NOW), 'idle stop after 30m idle');
    });
    it("a user override's policies win; an override without policies takes its group's", () => {
      const text = `${configText('2026-07')}\nuser_overrides:\n  pat:\n    max_cpus: 4\n    policies:\n      idle_detection_window: 6\n  bob:\n    max_cpus: 4\n`;
      const sources = { ...fixtureSources('2026-07'), config: parseLimitsConfig(text, 'f') };
      assert.equal(resolveLimits(sources, { user: 'pat', grantFileExists: false }).lifecyclePolicies.idleDetectionWindow, 6);
      assert.equal(resolveLimits(sources, { user: 'bob', grantFileExists: false }).lifecyclePolicies.idleDetectionWindow, 4, 'bob is in researcher.members');
      assert.equal(resolveLimits(sources, { user: 'bob', grantFileExists: false }).group, 'override');
    });
  });

  describe('limits config: container_types and policies in both generations', () => {
    it('2026-07: _h keys, null kept as null; policies read', () => {
      const c = fixtureSources('2026-07').config.lifecycle;
      // container_hold_after_stop_h is absent for devcontainer: absent, not present-and-undefined (the cache keeps JSON).
      assert.deepEqual(c.containerTypes.get('devcontainer'), { idleTimeoutSeconds: null, maxRuntimeSeconds: 168 * 3600, sigtermGraceSeconds: 30 });
      assert.equal(c.policies.highDemandIdleReduction, 0.5);
      assert.equal(c.policies.gracePeriodSeconds, 1800);
    });
    it('2026-02: duration strings read as aliases', () => {
      const c = parseLimitsConfig(configText('2026-02'), 'x.yaml').lifecycle;
      assert.equal(c.containerTypes.get('unknown')?.idleTimeoutSeconds, 900);
      assert.equal(c.containerTypes.get('devcontainer')?.maxRuntimeSeconds, 168 * 3600);
    });
    it('a bad value in container_types is a config error naming the key', () => {
      assert.throws(
        () => parseLimitsConfig('defaults: {}\ncontainer_types:\n  docker:\n    idle_timeout_h: soon\n', 'f.yaml'),
        /container_types\.docker\.idle_timeout_h/,
      );
    });
  });
});
