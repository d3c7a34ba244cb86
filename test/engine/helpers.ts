// Real containers on the private test engine (scripts/engine.sh). Every container made here carries
// the run's label, so `removeRunContainers` cleans up even after a failed test.
import Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { Slot } from '../../src/core/model';
import { connectEngine, type Engine, type EngineOptions } from '../../src/host/engine';
import { dockerodeOptions } from '../../src/host/engine/connect';

export const IMAGE = 'ds01-test/busybox:latest';
export const RUN_LABEL = 'ds01-test.run';
/** Unique per run: other suites may use the same engine at the same time. */
export const runId = `e${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;

export function testEngine(options: Omit<EngineOptions, 'dockerHost'> = {}): Engine {
  if (!process.env.DOCKER_HOST) throw new Error('DOCKER_HOST is not set: run test/engine/run.sh (it starts the test engine)');
  return connectEngine(options);
}

/**
 * The tests' own client, for making and removing fixtures (and for what DS01 never asks of an engine): tests may
 * use dockerode directly; production code reaches the engine only through Engine (test/unit/layering.test.ts).
 */
export function testDocker(): Dockerode {
  const host = process.env.DOCKER_HOST;
  if (!host) throw new Error('DOCKER_HOST is not set: run test/engine/run.sh (it starts the test engine)');
  return new Dockerode(dockerodeOptions(host));
}

/** A 6-GPU host with UUIDs unique to this run, so no other suite's containers hold them. */
export const runSlots: Slot[] = [0, 1, 2, 3, 4, 5].map((i) => ({
  id: String(i),
  uuid: `GPU-${runId}-${i}`,
  gpuIndex: i,
  kind: 'gpu',
  model: 'NVIDIA A100-PCIE-40GB',
  equivalents: 1,
  memoryTotalMiB: 40960,
  memoryUsedMiB: 0,
}));
export const uuid = (i: number) => runSlots[i].uuid;

export interface TestContainer {
  name: string;
  labels?: Record<string, string>;
  deviceIds?: string[];
  cgroupParent?: string;
  /** 'created' (default), 'running' (sleeps) or 'exited' (runs `true` to the end). */
  state?: 'created' | 'running' | 'exited';
}

export async function createContainer(docker: Dockerode, spec: TestContainer): Promise<Dockerode.Container> {
  const c = await docker.createContainer({
    name: spec.name,
    Image: IMAGE,
    Cmd: spec.state === 'exited' ? ['true'] : ['sleep', '100000'],
    Labels: { ...spec.labels, [RUN_LABEL]: runId },
    HostConfig: {
      NetworkMode: 'none',
      CgroupParent: spec.cgroupParent,
      DeviceRequests: spec.deviceIds ? [{ Driver: 'nvidia', Count: 0, DeviceIDs: spec.deviceIds, Capabilities: [['gpu']], Options: {} }] : undefined,
    },
  });
  if (spec.state === 'running' || spec.state === 'exited') await c.start();
  if (spec.state === 'exited') await c.wait();
  return c;
}

export async function removeRunContainers(docker: Dockerode): Promise<number> {
  const mine = await docker.listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } });
  await Promise.all(mine.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  return mine.length;
}

/**
 * For a suite: one engine (recording which containers it inspects) and `specs`' containers, made before the suite's
 * tests and removed after; `ids` maps each spec's key to its container id once they are made.
 */
export function specContainers(specs: Record<string, TestContainer>): { engine: Engine; ids: Record<string, string>; inspected: string[] } {
  const inspected: string[] = [];
  const ids: Record<string, string> = {};
  const engine = testEngine({
    onCall: (kind, id) => {
      if (kind === 'inspect' && id) inspected.push(id);
    },
  });
  before(async () => {
    for (const [key, spec] of Object.entries(specs)) ids[key] = (await createContainer(testDocker(), spec)).id;
  });
  after(async () => {
    await removeRunContainers(testDocker());
  });
  return { engine, ids, inspected };
}
