// Turns chunks of terminal output into the lines a person would see: split anywhere (mid-line, mid-escape,
// between "\r" and "\n"), escapes removed, a line rewritten with "\r" (progress bars) reduced to its last
// version. Memory stays bounded: the unfinished line never keeps more than maxLineLength characters.

// CSI (colours, cursor), OSC (titles, VS Code shell integration 633/133: up to BEL or ST, or the end of the
// line if cut), DCS/SOS/PM/APC strings, charset selections and the other two-byte escapes.
const ESCAPES =
  // eslint-disable-next-line no-control-regex -- matching escape sequences is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b\n]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[()*+#][ -~]|[ -/]*[0-~])|\u009b[0-?]*[ -/]*[@-~]/g;

export function stripEscapes(text: string): string {
  return text.indexOf('\u001b') === -1 && text.indexOf('\u009b') === -1 ? text : text.replace(ESCAPES, '');
}

/** What remains visible of one raw line: its last "\r" version, without a trailing "\r" of "\r\n". */
export function visibleLine(raw: string, maxLineLength: number): string {
  let line = raw;
  let end = line.length;
  while (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  if (end !== line.length) line = line.slice(0, end);
  const cr = line.lastIndexOf('\r');
  if (cr !== -1) line = line.slice(cr + 1);
  if (line.length > maxLineLength) line = line.slice(-maxLineLength);
  return stripEscapes(line);
}

export class LineSplitter {
  private carry = '';

  constructor(private readonly maxLineLength: number) {}

  /** Calls onLine for every line completed by this chunk. */
  push(chunk: string, onLine: (line: string) => void): void {
    let text = this.carry.length === 0 ? chunk : this.carry + chunk;
    let start = 0;
    let nl = text.indexOf('\n', start);
    while (nl !== -1) {
      onLine(visibleLine(text.slice(start, nl), this.maxLineLength));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    text = start === 0 ? text : text.slice(start);
    this.carry = text.length > this.maxLineLength ? this.shorten(text) : text;
  }

  /** The unfinished last line, if any, as a line. */
  end(onLine: (line: string) => void): void {
    if (this.carry.length > 0) onLine(visibleLine(this.carry, this.maxLineLength));
    this.carry = '';
  }

  // Keeps what visibleLine would keep of the finished line: the last "\r" version (keeping a final "\r"
  // that may be half of "\r\n"), at most maxLineLength characters of it.
  private shorten(text: string): string {
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 13) end--;
    const cr = end === 0 ? -1 : text.lastIndexOf('\r', end - 1);
    const last = cr === -1 ? text : text.slice(cr + 1);
    const keep = this.maxLineLength + (text.length - end);
    return last.length > keep ? last.slice(-keep) : last;
  }
}
