// Reads a cuda-events.jsonl file, checks every line against the schema (src/core/cuda-failure/event.ts)
// and prints a one-line summary the shell tests compare against. Exit 1 if any line is invalid.
import { readFileSync } from 'node:fs';
import { parseCudaEventLine, type CudaEvent } from '../../src/core/cuda-failure/event';

const file = process.argv[2];
const lines = readFileSync(file, 'utf8').split('\n');
const trailing = lines.pop();
const events: CudaEvent[] = [];
const invalid: string[] = [];
for (const line of lines) {
  const parsed = parseCudaEventLine(line);
  if (parsed.ok) events.push(parsed.event);
  else invalid.push(parsed.reason);
}
if (trailing !== '') invalid.push('last line not terminated');
const distinct = <T>(values: T[]): T[] => [...new Set(values)];
console.log(
  JSON.stringify({
    valid: events.length,
    invalid,
    pids: distinct(events.map((e) => e.pid)).length,
    via: distinct(events.map((e) => e.via)),
    cuda_result: distinct(events.map((e) => e.cuda_result)),
    exit_status: distinct(events.map((e) => e.exit_status)),
    self: events.every((e) => e.uid === process.getuid?.() && e.exe !== '' && e.cwd !== '' && e.argv.length > 0),
  }),
);
if (process.argv[3] === '--argv') console.log(JSON.stringify(events.map((e) => e.argv)));
if (process.argv[3] === '--cwd') console.log(JSON.stringify(events.map((e) => e.cwd)));
process.exit(invalid.length === 0 ? 0 : 1);
