// Shared rendering for people: colour only on a TTY and never with NO_COLOR.
import type { Problem } from '../core/problem';

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

export function paint(text: string, style: keyof typeof CODES, stream?: NodeJS.WriteStream): string {
  return useColor(stream) ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

export function renderProblem(p: Problem): string {
  const head = `ds01: ${p.message}`;
  return p.fix ? `${head}\n  ${p.fix}\n` : `${head}\n`;
}
