// What the CLI writes with --json, checked against its contract (src/core/cli-contracts) wherever a test reads it:
// the command is found in argv as main.ts finds it, and its `json` schema (or the failure record) must parse.
import type { z, ZodType } from 'zod';
import { splitCommand } from '../../src/cli/args';
import { commands } from '../../src/cli/commands';
import { buildFailedLine, buildStepLine } from '../../src/core/cli-contracts/images';

/** The command's whole --json answer, parsed by its contract; throws (with zod's account) when it breaks it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read any field of the answer
export async function contractJson<T = any>(args: string[], value: unknown): Promise<T> {
  const { key } = splitCommand(args, (k) => k in commands);
  const schema = (await commands[key].load()).json;
  if (!schema) throw new Error(`ds01 ${key} has no --json contract, yet it wrote JSON`);
  // A failed build's answer also says where it failed (buildFailedLine: the failure record and then some).
  schema.or(buildFailedLine).parse(value);
  return value as T;
}

/** JSON lines (image build, project launch): each build step line, then the answer (or a failed build's line). */
export async function contractLines(args: string[], lines: unknown[]): Promise<void> {
  if (lines.length === 0) return;
  for (const l of lines.slice(0, -1)) buildStepLine.parse(l);
  const last = lines[lines.length - 1];
  if (buildFailedLine.safeParse(last).success) return;
  await contractJson(args, last);
}

/** `text` as JSON, after it passed `schema`: the object as written (its keys in the CLI's order), typed by the schema. */
export function readJson<S extends ZodType>(schema: S, text: string): z.output<S> {
  const raw: unknown = JSON.parse(text);
  schema.parse(raw);
  return raw as z.output<S>;
}
