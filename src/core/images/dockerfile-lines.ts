// Where each instruction of a Dockerfile starts, so the engine's "Step 3/7" names a line of the file. The classic
// builder numbers every instruction (ARG before FROM and every stage's included) in file order.

export interface Instruction {
  /** 1-based line where the instruction starts. */
  line: number;
  /** 1-based line where it ends (continuations). */
  endLine: number;
  keyword: string;
  text: string;
}

export function dockerfileInstructions(text: string): Instruction[] {
  const lines = text.split(/\r?\n/);
  let escape = '\\';
  let i = 0;
  // Parser directives: only at the very top, before any comment, blank line or instruction.
  for (; i < lines.length; i++) {
    const d = /^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$/.exec(lines[i]);
    if (!d) break;
    if (d[1].toLowerCase() === 'escape' && (d[2] === '`' || d[2] === '\\')) escape = d[2];
  }
  const out: Instruction[] = [];
  for (; i < lines.length; i++) {
    const first = lines[i];
    if (first.trim() === '' || /^\s*#/.test(first)) continue;
    const start = i;
    const parts = [first];
    while (endsWithEscape(lines[i], escape) && i + 1 < lines.length) {
      i++;
      // Comment lines and blank lines inside a continued instruction are dropped by the parser.
      while (i + 1 < lines.length && (/^\s*#/.test(lines[i]) || lines[i].trim() === '')) i++;
      parts.push(lines[i]);
    }
    const joined = parts
      .map((p) => (endsWithEscape(p, escape) ? p.trimEnd().slice(0, -1) : p))
      .join(' ')
      .trim();
    const keyword = joined.split(/\s+/)[0].toUpperCase();
    out.push({ line: start + 1, endLine: i + 1, keyword, text: joined });
  }
  return out;
}

function endsWithEscape(line: string, escape: string): boolean {
  return line.trimEnd().endsWith(escape);
}
