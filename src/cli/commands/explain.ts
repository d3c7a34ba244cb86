// `ds01 explain [FILE] [--json]`: reads a log (stdin without FILE) through the CUDA-failure recognizer and
// says what failed and what to do. Finding nothing is not an error: exit 0 either way; 1 when FILE
// cannot be read.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { CudaFailureRecognizer, explainFailure, userFrame, type CudaFailure } from '../../core/cuda-failure';
import { explainJson, type ExplainJson } from '../../core/cli-contracts/explain';
import { JSON_OPTION, optionalPositional } from '../args';
import { defineCommand } from '../command';
import { writeJson } from '../json-output';
import { paint, renderProblem } from '../render';

export const explain = defineCommand({
  usage: 'ds01 explain [FILE] [--json]',
  options: JSON_OPTION,
  json: explainJson,
  async run(args) {
    const file = optionalPositional(args.positionals, 'explain', 'one FILE', 'ds01 explain [FILE] [--json] (quote paths with spaces).');
    let failures: CudaFailure[];
    try {
      failures = await recognizeStream(file ? createReadStream(file) : process.stdin);
    } catch (e) {
      // Exit 1 (not the usage code 2): the command was right, the input was not there.
      const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
      const what = file ?? 'standard input';
      process.stderr.write(
        renderProblem({
          kind: 'usage',
          message: `cannot read ${what} (${reason}).`,
          fix: 'Name a readable log file, or pipe the log in: ds01 explain < run.log',
        }),
      );
      return 1;
    }
    if (args.flags.json === true) writeJson(explainJson, failures.map(toJson));
    else process.stdout.write(render(failures));
    return 0;
  },
});

async function recognizeStream(stream: Readable): Promise<CudaFailure[]> {
  stream.setEncoding('utf8');
  const recognizer = new CudaFailureRecognizer();
  const failures: CudaFailure[] = [];
  for await (const chunk of stream) failures.push(...recognizer.push(chunk as string));
  failures.push(...recognizer.end());
  return failures;
}

function toJson(f: CudaFailure): ExplainJson[number] {
  return {
    kind: f.kind,
    framework: f.framework,
    blocked: f.blocked,
    message: f.message,
    lineNumber: f.lineNumber,
    frames: f.frames.map((fr) => (fr.function ? { file: fr.file, line: fr.line, function: fr.function } : { file: fr.file, line: fr.line })),
  };
}

function render(failures: CudaFailure[]): string {
  if (failures.length === 0) return 'No CUDA failure found.\n';
  return failures
    .map((f) => {
      const advice = explainFailure(f);
      const frame = userFrame(f.frames) ?? f.frames[f.frames.length - 1];
      const where = frame ? `\n  at ${frame.file}:${frame.line}` : '';
      const style = f.blocked ? 'yellow' : f.kind === 'cpu-fallback' ? 'dim' : 'red';
      return `${paint(`${f.kind} (${f.framework})`, style)}, line ${f.lineNumber}: ${f.message}${where}\n  ${advice.explanation}\n  ${paint(`Next: ${advice.next}`, 'bold')}\n`;
    })
    .join('\n');
}
