// Minimal argv parsing on node's own util.parseArgs: flags are strings or booleans, no shell involved.
import { parseArgs as nodeParseArgs } from 'node:util';
import { problem } from '../core/problem';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
}

const OPTIONS = {
  json: { type: 'boolean' },
  demo: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  all: { type: 'boolean' },
  force: { type: 'boolean' },
  off: { type: 'boolean' },
  user: { type: 'string' },
  config: { type: 'string' },
  image: { type: 'string' },
  gpus: { type: 'string' },
  workspace: { type: 'string' },
  wait: { type: 'boolean' },
  'wait-timeout': { type: 'string' },
  interval: { type: 'string' },
  out: { type: 'string' },
  once: { type: 'boolean' },
  name: { type: 'string' },
  dockerfile: { type: 'string' },
  framework: { type: 'string' },
  'no-cache': { type: 'boolean' },
  rebuild: { type: 'boolean' },
  project: { type: 'string' },
  'systemd-dir': { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  since: { type: 'string' },
  tail: { type: 'string' },
  watch: { type: 'boolean' },
  stop: { type: 'boolean' },
  port: { type: 'string' },
} as const;

export function parseArgs(argv: string[]): ParsedArgs {
  const { values, positionals } = nodeParseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false });
  return { positionals, flags: values as ParsedArgs['flags'] };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** The one NAME a command takes; a second positional is a mistake (often an unquoted space). */
export function singleName(positionals: string[], command: string): string {
  if (positionals.length !== 1) {
    throw problem('usage', positionals.length === 0 ? `ds01 container ${command} needs a NAME.` : `ds01 container ${command} takes one NAME, got ${positionals.length}.`,
      `Usage: ds01 container ${command} NAME (quote names with spaces).`);
  }
  return positionals[0];
}
