// Each command's options, checked on node's own util.parseArgs: a command declares what it reads; anything else
// (an unknown option, a value where none goes, no value where one must) is a usage error naming the command's usage.
import { parseArgs as nodeParseArgs } from 'node:util';
import { problem } from '../core/problem';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Every command takes these: main.ts acts on them before the command runs. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  demo: { type: 'boolean' },
} as const satisfies OptionSpec;

/** Shared pieces of commands' specs. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const satisfies OptionSpec;
export const USER_OPTION = { user: { type: 'string' } } as const satisfies OptionSpec;
export const CONFIG_OPTION = { config: { type: 'string' } } as const satisfies OptionSpec;
export const ACTOR_OPTIONS = { ...JSON_OPTION, ...USER_OPTION, ...CONFIG_OPTION } as const satisfies OptionSpec;

export type Flags<O extends OptionSpec> = { [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean } & {
  [K in keyof typeof COMMON_OPTIONS]?: boolean;
};

export interface ParsedArgs<O extends OptionSpec = OptionSpec> {
  positionals: string[];
  flags: Flags<O>;
}

/** Options that take a value wherever they stand, so the words after them are not taken for the command. */
const VALUE_BEFORE_COMMAND = new Set(['--user', '--config']);

/**
 * The words that name the command, wherever they stand among options: the first one or two bare words (two when
 * `isCommand` knows the pair, as "container deploy"), and the argv without them.
 */
export function splitCommand(argv: string[], isCommand: (key: string) => boolean): { key: string; rest: string[] } {
  const bare: number[] = [];
  for (let i = 0; i < argv.length && bare.length < 2; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      if (VALUE_BEFORE_COMMAND.has(a)) i++;
      continue;
    }
    bare.push(i);
  }
  if (bare.length === 0) return { key: '', rest: argv };
  const one = argv[bare[0]];
  const two = bare.length === 2 ? `${one} ${argv[bare[1]]}` : null;
  const used = two !== null && isCommand(two) ? bare : [bare[0]];
  return { key: used.map((i) => argv[i]).join(' '), rest: argv.filter((_, i) => !used.includes(i)) };
}

/** The command's arguments against its spec; throws a usage problem with `usage` as the fix. */
export function parseCommandArgs<O extends OptionSpec>(argv: string[], options: O, usage: string): ParsedArgs<O> {
  const spec: OptionSpec = { ...COMMON_OPTIONS, ...options };
  const { tokens } = nodeParseArgs({ args: argv, options: spec, allowPositionals: true, strict: false, tokens: true });
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const fail = (message: string) => {
    throw problem('usage', message, `Usage: ${usage}`);
  };
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    const o = spec[t.name];
    if (!o) fail(`${t.rawName} is not an option of ${usage.split(/ [A-Z[]/)[0]}.`);
    // `--gpus --json`: the next option is not a value (node would take it as one).
    if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))) fail(`${t.rawName} needs a value.`);
    if (o.type === 'boolean' && t.inlineValue) fail(`${t.rawName} takes no value, got ${t.rawName}=${t.value}.`);
    flags[t.name] = t.value ?? true;
  }
  return { positionals, flags: flags as Flags<O> };
}

/** The one optional word after the command (a folder, a file, a name), or a usage problem when there are more. */
export function optionalPositional(positionals: string[], command: string, what: string, usage: string): string | undefined {
  if (positionals.length > 1) throw problem('usage', `ds01 ${command} takes ${what}, got ${positionals.length}.`, `Usage: ${usage}`);
  return positionals[0];
}

/** The one NAME a command takes; a second positional is a mistake (often an unquoted space). */
export function singleName(positionals: string[], command: string): string {
  if (positionals.length !== 1) {
    throw problem(
      'usage',
      positionals.length === 0 ? `ds01 container ${command} needs a NAME.` : `ds01 container ${command} takes one NAME, got ${positionals.length}.`,
      `Usage: ds01 container ${command} NAME (quote names with spaces).`,
    );
  }
  return positionals[0];
}
