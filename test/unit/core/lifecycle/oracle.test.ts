// The lifecycle model against the host's own enforcement code (see host-oracle.ts): type, idle timeout,
// max runtime, exemptions and the cleanup hold, for several users, labellings, exemptions and configs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLimitsConfig, resolveLimits, type LimitSources } from '../../../../src/core/limits';
import {
  checkExemption,
  hostContainerType,
  idleDetection,
  idleTimeoutFor,
  maxRuntimeFor,
  parseExemptions,
  UNKNOWN_SCHEDULE,
  type LifecycleRules,
} from '../../../../src/core/lifecycle';
import { CONFIG_DIR, fixtureSources } from '../limits/fixtures';
import { hostDecision, hostTree, oracleUnavailable, type OracleContainer } from './host-oracle';

const EXEMPTIONS = `exemptions:
  - username: bob
    exempt_from: [idle_timeout_h]
    reason: long training
  - username: prof_x
    exempt_from: [max_runtime_h]
    expires_on: "2099-01-01T00:00:00Z"
    reason: grant deadline
  - username: alice
    exempt_from: [max_runtime_h]
    expires_on: "2020-01-01T00:00:00Z"
  - username: alice
    exempt_from: idle_timeout_h
    expires_on: "not a date"
  - username: special
    exempt_from: [idle_timeout_h, max_runtime_h]
    expires_on: 2099-01-01
`;

interface Case {
  user: string;
  known: boolean;
  container: OracleContainer;
}

const CASES: Case[] = [
  {
    user: 'bob',
    known: true,
    container: { name: 'train', labels: { 'ds01.user': 'bob', 'ds01.interface': 'orchestration', 'ds01.client': 'vscode', 'ds01.managed': 'true' } },
  },
  {
    user: 'prof_x',
    known: true,
    container: { name: 'nb', labels: { 'ds01.user': 'prof_x', 'ds01.container_type': 'atomic', 'ds01.interface': 'orchestration' } },
  },
  { user: 'alice', known: true, container: { name: 'proj._.1001', labels: { 'ds01.managed': 'true' } } },
  { user: 'special', known: true, container: { name: 'job', labels: { 'ds01.user': 'special', 'ds01.interface': 'api' } } },
  { user: 'h.baker@hertie-school.lan', known: true, container: { name: 'dev', labels: { 'devcontainer.local_folder': '/home/h.baker/p' } } },
  { user: 'unknown', known: false, container: { name: 'stack-web-1', labels: { 'com.docker.compose.project': 'stack' } } },
  { user: 'alice', known: true, container: { name: 'odd', labels: { 'ds01.interface.version': '2' } } },
  { user: 'alice', known: true, container: { name: 'plain', labels: null } },
];

function modelDecision(sources: LimitSources, exemptionsText: string | null, c: Case, now: Date) {
  const limits = resolveLimits(sources, { user: c.user, grantFileExists: false });
  const rules: LifecycleRules = {
    owner: { name: c.user, known: c.known, lifecycle: limits.lifecycle, policies: limits.lifecyclePolicies },
    config: sources.config.lifecycle,
    defaultContainerHoldSeconds: sources.config.defaults.containerHoldAfterStopSeconds,
    exemptions: parseExemptions(exemptionsText),
    schedule: UNKNOWN_SCHEDULE,
    keepAlive: { kind: 'absent' },
    highDemand: false,
  };
  const type = hostContainerType(c.container.labels, c.container.name);
  const idleEx = checkExemption(rules.exemptions, c.user, 'idle_timeout_h', now);
  const runEx = checkExemption(rules.exemptions, c.user, 'max_runtime_h', now);
  const hold = c.known
    ? limits.lifecycle.containerHoldAfterStopSeconds
    : (sources.config.lifecycle.containerTypes.get(type)?.containerHoldAfterStopSeconds ?? sources.config.defaults.containerHoldAfterStopSeconds ?? 1800);
  return {
    type,
    idleSeconds: idleTimeoutFor(type, rules) ?? 0,
    idleExemption: idleEx.exempt ? `exempt: ${idleEx.reason}` : 'not_exempt',
    runtimeSeconds: maxRuntimeFor(type, rules) ?? 0,
    runtimeExemption: runEx.exempt ? `exempt: ${runEx.reason}` : 'not_exempt',
    holdSeconds: hold ?? -1,
    detection: idleDetection(type, rules),
  };
}

/** Two host runs at a time: each spawns a dozen python processes, and the machine is shared. */
async function inBatches<T, R>(items: T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 2) out.push(...(await Promise.all(items.slice(i, i + 2).map(fn))));
  return out;
}

describe('lifecycle model against the host scripts (oracle)', function () {
  this.timeout(300_000);
  const why = oracleUnavailable();
  before(function () {
    if (why) {
      console.log(`      NOT RUN: ${why}`);
      this.skip();
    }
  });

  it('2026-07 config with exemptions: type, idle, runtime, exemptions and hold agree for every case', async function () {
    const tree = hostTree(CONFIG_DIR['2026-07'], { 'lifecycle-exemptions.yaml': EXEMPTIONS });
    const sources = fixtureSources('2026-07');
    const now = new Date();
    const host = await inBatches(CASES, (c) => hostDecision(tree, c.user, c.container));
    CASES.forEach((c, i) => assert.deepEqual(modelDecision(sources, EXEMPTIONS, c, now), host[i], `${c.user} / ${c.container.name}`));
  });

  it('a changed config (container_types, null timeouts, no hold) agrees too', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'ds01-oracle-cfg-'));
    cpSync(CONFIG_DIR['2026-07'], dir, { recursive: true });
    const file = join(dir, 'resource-limits.yaml');
    const text = readFileSync(file, 'utf8')
      .replace(/container_types:\n/, 'container_types:\n  orchestration:\n    idle_timeout_h: 9\n')
      .replace(/( {2}docker:\n)( {4}idle_timeout_h: )0\.5/, '$1$2null')
      .replace(/( {2}compose:\n {4}idle_timeout_h: 0\.5\n {4}max_runtime_h: )72/, '$1null')
      .replace(/(\n {2}idle_timeout_h: )0\.5/, '$1null')
      .replace(/(\n {2}container_hold_after_stop_h: )0\.5/, '$1null')
      .replace(/( {4}sigterm_grace_s: )45/, '$1"45"');
    assert.notEqual(text, readFileSync(file, 'utf8'));
    writeFileSync(file, text);
    const tree = hostTree(dir);
    const sources = { ...fixtureSources('2026-07'), config: parseLimitsConfig(text, file) };
    const cases: Case[] = [
      { user: 'alice', known: true, container: { name: 'a', labels: { 'ds01.interface': 'orchestration' } } },
      { user: 'alice', known: true, container: { name: 'b', labels: {} } },
      { user: 'unknown', known: false, container: { name: 'c', labels: { 'com.docker.compose.service': 'x' } } },
    ];
    const host = await inBatches(cases, (c) => hostDecision(tree, c.user, c.container));
    cases.forEach((c, i) => assert.deepEqual(modelDecision(sources, null, c, new Date()), host[i], `${c.user} / ${c.container.name}`));
  });
});
