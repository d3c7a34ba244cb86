// The CPU-fallback quick fix: a line that hard-codes "cuda" gets a torch.cuda.is_available() choice instead.
// Pure text in, text out; the extension turns the result into a WorkspaceEdit.

export interface LineEdit {
  /** 0-based character offsets within the line. */
  start: number;
  end: number;
  replacement: string;
  /** What the edit does, for the code action's title. */
  title: string;
}

const CHOICE = `"cuda" if torch.cuda.is_available() else "cpu"`;

// Each pattern matches one hard-coded use; quotes may be single or double.
const PATTERNS: { re: RegExp; replace: (m: RegExpExecArray) => string; title: string }[] = [
  {
    re: /torch\.device\(\s*(["'])cuda(?::\d+)?\1\s*\)/g,
    replace: () => `torch.device(${CHOICE})`,
    title: 'Fall back to the CPU: torch.device(... if torch.cuda.is_available() else "cpu")',
  },
  {
    re: /\bdevice\s*=\s*(["'])cuda(?::\d+)?\1/g,
    replace: () => `device=${CHOICE}`,
    title: 'Fall back to the CPU: device=... if torch.cuda.is_available() else "cpu"',
  },
  { re: /\.cuda\(\s*\)/g, replace: () => `.to(${CHOICE})`, title: 'Fall back to the CPU: .to("cuda" if torch.cuda.is_available() else "cpu")' },
  {
    re: /\.to\(\s*(["'])cuda(?::\d+)?\1\s*\)/g,
    replace: () => `.to(${CHOICE})`,
    title: 'Fall back to the CPU: .to("cuda" if torch.cuda.is_available() else "cpu")',
  },
];

/** Edits for every hard-coded "cuda" on the line, left to right, never overlapping; [] when there is none. */
export function cpuFallbackEdits(line: string): LineEdit[] {
  if (line.includes('is_available()')) return [];
  const edits: LineEdit[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(line); m; m = p.re.exec(line)) {
      const edit = { start: m.index, end: m.index + m[0].length, replacement: p.replace(m), title: p.title };
      if (!edits.some((e) => edit.start < e.end && e.start < edit.end)) edits.push(edit);
    }
  }
  return edits.sort((a, b) => a.start - b.start);
}

/** The line with all edits applied (right to left, so offsets stay valid). */
export function applyLineEdits(line: string, edits: LineEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((text, e) => text.slice(0, e.start) + e.replacement + text.slice(e.end), line);
}
