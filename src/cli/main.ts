// Entry point of the `ds01` command line: picks a command, runs it, turns problems into one clear line.
import { isProblemError } from '../core/problem';
import { commands } from './commands';
import { parseArgs, type ParsedArgs } from './args';
import { renderProblem } from './render';
import { applyDemoHost } from './demo';

async function main(argv: string[]): Promise<number> {
  const args: ParsedArgs = parseArgs(argv);
  if (args.flags.demo === true) applyDemoHost();
  const name = args.positionals[0];
  if (!name || name === 'help' || args.flags.help === true) {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  // Two-word commands ("container deploy") are keyed with a space.
  const key = commands[`${name} ${args.positionals[1] ?? ''}`] ? `${name} ${args.positionals[1]}` : name;
  const command = commands[key];
  if (!command) {
    process.stderr.write(`ds01: unknown command '${key}'. Run 'ds01 help' for the list.\n`);
    return 2;
  }
  const rest = { ...args, positionals: args.positionals.slice(key.split(' ').length) };
  return (await command.load()).run(rest);
}

function usage(): string {
  const lines = Object.entries(commands).map(([k, c]) => `  ds01 ${k.padEnd(20)} ${c.summary}`);
  return `Usage: ds01 <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nCommon options: --json, --config FILE, --demo, --user U\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isProblemError(e)) {
      process.stderr.write(renderProblem(e.problem));
      process.exitCode = exitCodeFor(e.problem.kind);
    } else {
      process.stderr.write(`ds01: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 70;
    }
  },
);

function exitCodeFor(kind: string): number {
  if (kind === 'not-found') return 3;
  if (kind === 'usage') return 2;
  // As a shell reports a Ctrl-C: a deploy that undid itself, or a wait that left the queue.
  if (kind === 'interrupted' || kind === 'cancelled') return 130;
  return 1;
}
