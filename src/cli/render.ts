// Shared rendering for people: colour only on a TTY and never with NO_COLOR.
import type { Problem } from '../core/problem';

export function useColor(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1, dim: 2 } as const;

export function paint(text: string, style: keyof typeof CODES, stream?: NodeJS.WriteStream): string {
  return useColor(stream) ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/** Columns padded to their widest cell, two spaces apart, the header in bold: the lines of a text table, each ending in a newline. */
export function renderTable(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[paint(fmt(header), 'bold'), ...lines.map(fmt)].join('\n')}\n`;
}

export function renderProblem(p: Problem): string {
  const head = `ds01: ${p.message}`;
  return p.fix ? `${head}\n  ${p.fix}\n` : `${head}\n`;
}
