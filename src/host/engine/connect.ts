// A connection to one Docker engine: where it is, a call counter, and error mapping for every call.
import Dockerode from 'dockerode';
import { Agent, type AgentOptions } from 'node:http';
import { inspect } from 'node:util';
import { problem } from '../../core/problem';
import type { Ds01Container } from '../../core/model';
import { listDs01Containers, scanContainers, type ContainerScan, type ScanOptions } from './containers';
import { mapEngineError } from './errors';
import { FileInspectCache, MemoryInspectCache, type InspectCache } from './inspect-cache';
import { FileListCache } from './list-cache';
import { subscribeContainerEvents, type ContainerEvent, type EventSubscription } from './events';
import type { ProblemError } from '../../core/problem';

export type EngineCall = 'list' | 'inspect' | 'events' | 'other';

export interface EngineOptions {
  /** `unix:///path`, `tcp://host:port` or `http(s)://host:port`; default $DOCKER_HOST, else /var/run/docker.sock. */
  dockerHost?: string;
  /** Called before every engine API call, e.g. to assert "one list call" in tests and bench. */
  onCall?: (call: EngineCall, containerId?: string) => void;
  /** Per-call limit for request/answer calls (not the event stream). */
  timeoutMs?: number;
  /**
   * A private folder (HostPaths.cacheDir) where what inspects said is kept between runs (the CLI); without one
   * it is kept in memory as long as this Engine lives (the extension). See inspect-cache.ts. With an engine on a
   * unix socket the container list is kept there too (list-cache.ts).
   */
  inspectCacheDir?: string;
}

export const DEFAULT_SOCKET = '/var/run/docker.sock';
const DEFAULT_TIMEOUT_MS = 10_000;

function dockerodeOptions(endpoint: string): Dockerode.DockerOptions {
  if (endpoint.startsWith('unix://')) {
    // docker-modem takes an agent; dockerode's types do not list it.
    const options: Dockerode.DockerOptions & { agent: Agent } = { socketPath: endpoint.slice('unix://'.length) || DEFAULT_SOCKET, agent: unixSocketAgent() };
    return options;
  }
  const m = /^(tcp|http|https):\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(endpoint);
  if (m) return { protocol: m[1] === 'https' ? 'https' : 'http', host: m[2], port: Number(m[3]) };
  throw problem('engine-unreachable', `DOCKER_HOST "${endpoint}" is not an engine address.`,
    'Set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it.');
}

/**
 * Node's global agent (keep-alive, as here) works out a TLS server name for every new connection, and doing so
 * compiles its IPv6 pattern: about 5 ms of each CLI run. A unix socket has no server name: say so up front.
 */
function unixSocketAgent(): Agent {
  const options: AgentOptions & { servername: string } = { keepAlive: true, servername: '' };
  const agent = new Agent(options);
  // docker-modem formats every request's options for its debug log, off or not: util.inspect at every depth,
  // hidden fields too, so this agent and each socket it keeps (a run's second request on: ~10 ms a request).
  Object.defineProperty(agent, inspect.custom, { value: () => 'Agent { unix socket, keep-alive }' });
  return agent;
}

export class Engine {
  readonly docker: Dockerode;
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly calls: Record<EngineCall, number> = { list: 0, inspect: 0, events: 0, other: 0 };
  readonly inspectCache: InspectCache;
  /** null: every scan lists every container (the extension, whose own event stream says when to scan). */
  readonly listCache: FileListCache | null;
  private readonly onCall?: (call: EngineCall, containerId?: string) => void;

  constructor(options: EngineOptions = {}) {
    this.endpoint = options.dockerHost || process.env.DOCKER_HOST || `unix://${DEFAULT_SOCKET}`;
    this.docker = new Dockerode(dockerodeOptions(this.endpoint));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.onCall = options.onCall;
    this.inspectCache = options.inspectCacheDir ? new FileInspectCache(options.inspectCacheDir, this.endpoint) : new MemoryInspectCache();
    this.listCache = options.inspectCacheDir && this.endpoint.startsWith('unix://') ? new FileListCache(options.inspectCacheDir, this.endpoint) : null;
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

  /** One list call, plus an inspect per container the list cannot answer for. */
  scanContainers(options?: ScanOptions): Promise<ContainerScan> {
    return scanContainers(this, options);
  }

  listDs01Containers(options?: ScanOptions): Promise<Ds01Container[]> {
    return listDs01Containers(this, options);
  }

  subscribeContainerEvents(onEvent: (e: ContainerEvent) => void, onError?: (p: ProblemError) => void): EventSubscription {
    return subscribeContainerEvents(this, onEvent, onError);
  }
}

export function connectEngine(options: EngineOptions | string = {}): Engine {
  return new Engine(typeof options === 'string' ? { dockerHost: options } : options);
}
