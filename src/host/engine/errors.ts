// Engine failures as problems people can act on. Socket-level errors come from node (err.code);
// answers with an HTTP status come from docker-modem (err.statusCode, err.json.message). EPIPE and
// ECONNRESET are what a kept-alive connection to an engine that just died gives.
import { isProblemError, problem, ProblemError } from '../../core/problem';

interface EngineFailure {
  code?: string;
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
  name?: string;
}

export function mapEngineError(err: unknown, endpoint: string, timeoutMs?: number): ProblemError {
  if (err instanceof ProblemError) return err;
  const e = (err ?? {}) as EngineFailure;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.code === 'ABORT_ERR') {
    const after = timeoutMs ? ` within ${Math.round(timeoutMs / 100) / 10} s` : '';
    return problem('engine-unreachable', `The Docker engine at ${endpoint} did not answer${after}.`, 'Is Docker running? Check it with: docker info');
  }
  switch (e.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPIPE':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
      return problem(
        'engine-unreachable',
        `Cannot reach the Docker engine at ${endpoint} (${e.code}).`,
        "Is Docker running? Start it, or set DOCKER_HOST to the engine's socket.",
      );
    case 'EACCES':
    case 'EPERM':
      return problem(
        'engine-permission',
        `Permission denied on the Docker socket ${endpoint}.`,
        'Ask an admin to add you to the docker group, then log in again (group changes need a new login).',
      );
  }
  const engineMessage = e.json?.message ?? e.message ?? String(err);
  const status = e.statusCode ? ` (HTTP ${e.statusCode})` : '';
  const message = `The Docker engine at ${endpoint} answered with an error${status}: ${engineMessage.trim()}`;
  return new ProblemError(typeof e.statusCode === 'number' ? { kind: 'engine-error', message, status: e.statusCode } : { kind: 'engine-error', message });
}

/** The HTTP status of an engine's answer (404: no such container or image; 304: already so), else undefined. */
export function engineStatus(err: unknown): number | undefined {
  return isProblemError(err) ? err.problem.status : undefined;
}
