// Entry point of the `ds01` command line: picks a command, checks its arguments against its own options, runs it,
// turns problems into one clear line.
import { isProblemError } from '../core/problem';
import { commands } from './commands';
import { parseCommandArgs, splitCommand } from './args';
import { renderProblem } from './render';
import { applyDemoHost } from './demo';

async function main(argv: string[]): Promise<number> {
  const { key, rest } = splitCommand(argv, (k) => k in commands);
  if (!key || key === 'help') {
    process.stdout.write(usage());
    return key ? 0 : 2;
  }
  const entry = commands[key];
  if (!entry) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(usage());
      return 0;
    }
    process.stderr.write(`ds01: unknown command '${key}'. Run 'ds01 help' for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  const args = parseCommandArgs(rest, command.options, command.usage);
  if (args.flags.help === true) {
    process.stdout.write(`Usage: ${command.usage}\n${entry.summary}\n`);
    return 0;
  }
  if (args.flags.demo === true) applyDemoHost();
  return command.run(args);
}

function usage(): string {
  const lines = Object.entries(commands).map(([k, c]) => `  ds01 ${k.padEnd(20)} ${c.summary}`);
  return `Usage: ds01 <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nCommon options: --json, --config FILE, --demo, --user U; ds01 <command> --help for its own\n`;
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
