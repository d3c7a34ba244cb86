// A connection to one Docker engine and the one door to it: where it is, a call counter, error mapping for every
// call, and what the rest of DS01 may ask of the engine, in domain words, answered with our own records. dockerode
// is private to this folder (test/unit/layering.test.ts).
import Dockerode from 'dockerode';
import { Agent, type AgentOptions } from 'node:http';
import type { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { problem } from '../../core/problem';
import type { ContainerInspect, ContainerListEntry } from '../../core/containers/ownership';
import type { ContainerCreateBody } from '../../core/containers/spec';
import type { EngineCapacity } from '../../core/containers/engine-capacity';
import type { EngineStats } from '../../core/container-stats/stats';
import type { Ds01Container } from '../../core/model';
import { pathStat, type PathStat } from './archive';
import { scanContainers, type ContainerScan, type ScanOptions } from './containers';
import { engineStatus, mapEngineError } from './errors';
import { openCommandStream, runInContainer, startDetached, type CommandStream, type DetachedCommand, type ExecResult } from './exec';
import { streamLogs, type LogRequest, type LogSource, type LogStream } from './logs';
import { pauseEventsIn } from './pause';
import { capacityRecord, imageRecord, imageRecords, inspectRecord, listRecords, readableAnswer, type ImageRecord } from './records';
import { runStateOf, type RunState } from '../../core/containers/run-state';
import { statsOnce, statsStream } from './stats';
import { readEventLog, subscribeContainerEvents, type ContainerEvent, type EventLogQuery, type EventSubscription } from './events';
import type { ProblemError } from '../../core/problem';

export type EngineCall = 'list' | 'inspect' | 'events' | 'other';

export interface EngineOptions {
  /** `unix:///path`, `tcp://host:port` or `http(s)://host:port`; default $DOCKER_HOST, else /var/run/docker.sock. */
  dockerHost?: string;
  /** Called before every engine API call, e.g. to assert "one list call" in tests and bench. */
  onCall?: (call: EngineCall, containerId?: string) => void;
  /** Per-call limit for request/answer calls (not the event stream). */
  timeoutMs?: number;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const DEFAULT_TIMEOUT_MS = 10_000;

export function dockerodeOptions(endpoint: string): Dockerode.DockerOptions {
  if (endpoint.startsWith('unix://')) {
    // docker-modem takes an agent; dockerode's types do not list it.
    const options: Dockerode.DockerOptions & { agent: Agent } = { socketPath: endpoint.slice('unix://'.length) || DEFAULT_SOCKET, agent: unixSocketAgent() };
    return options;
  }
  const m = /^(tcp|http|https):\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(endpoint);
  if (m) return { protocol: m[1] === 'https' ? 'https' : 'http', host: m[2], port: Number(m[3]) };
  throw problem(
    'engine-unreachable',
    `DOCKER_HOST "${endpoint}" is not an engine address.`,
    'Set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it.',
  );
}

/**
 * Node's global agent (keep-alive, as here) works out a TLS server name for every new connection, and doing so
 * compiles its IPv6 pattern: about 5 ms of each CLI run. A unix socket has no server name: say so up front.
 */
export function unixSocketAgent(): Agent {
  const options: AgentOptions & { servername: string } = { keepAlive: true, servername: '' };
  const agent = new Agent(options);
  // docker-modem formats every request's options for its debug log, off or not: util.inspect at every depth,
  // hidden fields too, so this agent and each socket it keeps (a run's second request on: ~10 ms a request).
  Object.defineProperty(agent, inspect.custom, { value: () => 'Agent { unix socket, keep-alive }' });
  return agent;
}

/** What an Engine and its counted views share: one client (one connection pool). */
interface Shared {
  client: Dockerode;
  endpoint: string;
}

/** Which containers a list names; none: all of them, stopped ones included. */
export interface ListFilter {
  /** Containers made from this image (its id or name). */
  image?: string;
}

export interface BuildOptions {
  tag: string;
  /** The Dockerfile's path inside the context. */
  dockerfile: string;
  noCache: boolean;
  signal?: AbortSignal;
}

export class Engine {
  readonly #client: Dockerode;
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly calls: Record<EngineCall, number> = { list: 0, inspect: 0, events: 0, other: 0 };
  private readonly onCall?: (call: EngineCall, containerId?: string) => void;

  constructor(options: EngineOptions = {}, shared?: Shared) {
    this.endpoint = shared?.endpoint ?? (options.dockerHost || process.env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`);
    this.#client = shared?.client ?? new Dockerode(dockerodeOptions(this.endpoint));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.onCall = options.onCall;
  }

  /**
   * The same connection, with its calls counted apart (to `onCall` and its own `calls`): for a part of
   * a window that reports what it costs the host.
   */
  countedApart(onCall: (call: EngineCall, containerId?: string) => void): Engine {
    return new Engine({ timeoutMs: this.timeoutMs, onCall }, { client: this.#client, endpoint: this.endpoint });
  }

  count(kind: EngineCall, containerId?: string): void {
    this.calls[kind] += 1;
    this.onCall?.(kind, containerId);
  }

  /**
   * Every request/answer call to the engine goes through here: it is counted, limited in time and any failure
   * becomes a ProblemError (an HTTP answer keeps its status in `problem.status`: see engineStatus). `fn` gets an
   * abort signal for the limit; some dockerode calls (image inspect, exec) take none, so the wait ends anyway.
   * `timeoutMs`: a longer limit for calls that wait on purpose (a stop waits out its grace period).
   */
  async call<T>(kind: EngineCall, fn: (signal: AbortSignal) => Promise<T>, containerId?: string, timeoutMs: number = this.timeoutMs): Promise<T> {
    this.count(kind, containerId);
    const signal = AbortSignal.timeout(timeoutMs);
    const deadline = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    deadline.catch(() => undefined);
    try {
      return await Promise.race([fn(signal), deadline]);
    } catch (err) {
      throw mapEngineError(err, this.endpoint, timeoutMs);
    }
  }

  // Containers: reading.

  /** One list call, plus an inspect per container the list cannot answer for. */
  scanContainers(options?: ScanOptions): Promise<ContainerScan> {
    return scanContainers(this, options);
  }

  async listDs01Containers(options?: ScanOptions): Promise<Ds01Container[]> {
    return (await this.scanContainers(options)).ds01;
  }

  /** The engine's list, fresh: every container unless the filter names some. */
  async listContainers(filter: ListFilter = {}): Promise<ContainerListEntry[]> {
    const filters: Record<string, string[]> = filter.image ? { ancestor: [filter.image] } : {};
    return listRecords(await this.call('list', (signal) => this.#client.listContainers({ all: true, filters, abortSignal: signal })));
  }

  async inspectContainer(id: string): Promise<ContainerInspect> {
    return inspectRecord(await this.call('inspect', (signal) => this.#client.getContainer(id).inspect({ abortSignal: signal }), id));
  }

  async runState(id: string): Promise<RunState> {
    return runStateOf(await this.inspectContainer(id));
  }

  /** The engine's machine as `docker info` reports it (NCPU, MemTotal). */
  async capacity(): Promise<EngineCapacity> {
    return capacityRecord(await this.call('other', () => this.#client.info()));
  }

  subscribeContainerEvents(onEvent: (e: ContainerEvent) => void, onError?: (p: ProblemError) => void): EventSubscription {
    return subscribeContainerEvents(this, this.#client, onEvent, onError);
  }

  /** The engine's event log between two times, as it sends it (one JSON object a line). */
  eventLog(query: EventLogQuery, timeoutMs: number, containerId?: string): Promise<string> {
    return readEventLog(this, this.#client, query, timeoutMs, containerId);
  }

  /** The container's pause/unpause/start/die events from `since` to now, oldest first. */
  pauseEvents(id: string, since: Date): Promise<Array<{ action: string; time: Date }>> {
    return pauseEventsIn(this, id, since);
  }

  streamLogs(id: string, request: LogRequest, onText: (source: LogSource, text: string) => void): LogStream {
    return streamLogs(this, this.#client, id, request, onText);
  }

  statsOnce(id: string): Promise<EngineStats> {
    return statsOnce(this, this.#client, id);
  }

  /** Calls `onStats` about once a second until the returned function is called; `onEnd` when the engine ends or drops it. */
  statsStream(id: string, onStats: (s: EngineStats) => void, onEnd: (problem: ProblemError | null) => void): () => void {
    return statsStream(this, this.#client, id, onStats, onEnd);
  }

  /** The engine's stat of a path in the container (HEAD of its archive; runs nothing inside), null when there is none. */
  statPath(id: string, path: string): Promise<PathStat | null> {
    return pathStat(this, this.#client, id, path);
  }

  // Containers: changing.

  async createContainer(body: ContainerCreateBody): Promise<{ id: string }> {
    const c = await this.call('other', (signal) => this.#client.createContainer({ ...body, abortSignal: signal }));
    return { id: c.id };
  }

  async startContainer(id: string): Promise<void> {
    await this.call('other', (signal) => this.#client.getContainer(id).start({ abortSignal: signal }), id);
  }

  /** Waits out `graceSeconds` before the engine kills its processes. */
  async stopContainer(id: string, graceSeconds: number): Promise<void> {
    await this.call(
      'other',
      (signal) => this.#client.getContainer(id).stop({ t: graceSeconds, abortSignal: signal }),
      id,
      this.timeoutMs + graceSeconds * 1000,
    );
  }

  /** By id or name; `force` kills a running one first. */
  async removeContainer(idOrName: string, options: { force?: boolean } = {}): Promise<void> {
    await this.call(
      'other',
      (signal) => this.#client.getContainer(idOrName).remove({ ...(options.force ? { force: true } : {}), abortSignal: signal }),
      idOrName,
    );
  }

  async pauseContainer(id: string): Promise<void> {
    await this.call('other', (signal) => this.#client.getContainer(id).pause({ abortSignal: signal }), id);
  }

  async unpauseContainer(id: string): Promise<void> {
    await this.call('other', (signal) => this.#client.getContainer(id).unpause({ abortSignal: signal }), id);
  }

  /** Runs argv in the container (no shell) to its end: its exit code and output. */
  runInContainer(id: string, argv: string[]): Promise<ExecResult> {
    return runInContainer(this, this.#client, id, argv);
  }

  /** Starts argv in the container in the background (its environment extended by `env`, never its argv). */
  startDetached(id: string, argv: string[], env: string[] = []): Promise<DetachedCommand> {
    return startDetached(this, this.#client, id, argv, env);
  }

  /** Starts argv in the container with its stdin and stdout as a connection. */
  openCommandStream(id: string, argv: string[]): Promise<CommandStream> {
    return openCommandStream(this, this.#client, id, argv);
  }

  /** Unpacks a tar archive into `dir` in the container (PUT of its archive). */
  async uploadArchive(id: string, dir: string, tar: Buffer): Promise<void> {
    await this.call('other', (signal) => this.#client.getContainer(id).putArchive(tar, { path: dir, abortSignal: signal }), id);
  }

  // Images.

  /** The image by name or id; null when the engine has none such. */
  async findImage(name: string): Promise<ImageRecord | null> {
    try {
      return imageRecord(await this.call('other', () => this.#client.getImage(name).inspect()));
    } catch (err) {
      if (engineStatus(err) === 404) return null;
      throw err;
    }
  }

  async listImages(): Promise<ImageRecord[]> {
    return imageRecords(await this.call('other', (signal) => this.#client.listImages({ abortSignal: signal })));
  }

  async removeImage(name: string): Promise<void> {
    await this.call('other', (signal) => this.#client.getImage(name).remove({ abortSignal: signal }));
  }

  /** Points `repo:tag` at the image `source`. */
  async tagImage(source: string, repo: string, tag: string): Promise<void> {
    await this.call('other', () => this.#client.getImage(source).tag({ repo, tag }));
  }

  /**
   * Starts a build of a packed context; its answer is the engine's stream of JSON messages. Not time-limited: a
   * build takes as long as it takes, and `signal` (cancel) ends it.
   */
  async buildImage(context: Readable, options: BuildOptions): Promise<Readable> {
    this.count('other');
    try {
      return readableAnswer(
        await this.#client.buildImage(context, {
          t: options.tag,
          dockerfile: options.dockerfile,
          nocache: options.noCache,
          rm: true,
          forcerm: true,
          abortSignal: options.signal,
        }),
      );
    } catch (err) {
      throw mapEngineError(err, this.endpoint);
    }
  }
}

export function connectEngine(options: EngineOptions | string = {}): Engine {
  return new Engine(typeof options === 'string' ? { dockerHost: options } : options);
}
