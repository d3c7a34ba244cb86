// Project folders for the image tests, on the deploy suite's private host: owned by the test user (daemon, uid 1)
// so deploys may mount them, each with a Dockerfile FROM the local test image (no registry).
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractLines } from '../cli-contract';
import { cli, host, startCli, type CliResult } from '../deploy/host';

export const DAEMON = { name: 'daemon', uid: 1, gid: 1 };
export function project(tag: string, dockerfile: string, files: Record<string, string | Buffer> = {}): string {
  const dir = join(host.dir, 'projects', tag);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  chownTree(dir);
  return dir;
}

function chownTree(dir: string): void {
  chownSync(join(dir, '..'), 0, 0);
  chownSync(dir, DAEMON.uid, DAEMON.gid);
}

export function build(dir: string, ...more: string[]): Promise<JsonLinesResult> {
  return checkedLines(['image', 'build', dir, '--user', DAEMON.name, '--json', ...more]);
}

export function launch(dir: string, ...more: string[]): Promise<JsonLinesResult> {
  return checkedLines(['project', 'launch', dir, '--user', DAEMON.name, '--gpus', '0', '--json', ...more]);
}

/** The run's JSON lines, each checked against its contract. */
async function checkedLines(args: string[]): Promise<JsonLinesResult> {
  const r = jsonLines(await cli(...args));
  await contractLines(args, r.lines);
  return r;
}

export function startBuild(dir: string, ...more: string[]) {
  return startCli(['image', 'build', dir, '--user', DAEMON.name, ...more]);
}

/** --json writes one object per line: `json` is the last (the result), `lines` all of them. */
export type JsonLinesResult = CliResult & { lines: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function jsonLines(r: CliResult): JsonLinesResult {
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l));
  return { ...r, json: lines[lines.length - 1] ?? null, lines };
}
