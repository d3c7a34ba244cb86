// The engine's streamed answers (events, stats, a build's messages) come as one JSON value a line, lines split
// across chunks at random.
import type { Readable } from 'node:stream';

export interface JsonLinesOptions {
  /** Also take the text after the last newline when the stream ends (a build's last message may have none). */
  lastLine?: boolean;
}

/**
 * Hands each non-blank line of `stream`, parsed, to `onValue`. A line that is not JSON, or that `onValue` throws on,
 * goes to `onBad` with its text: trimmed and ending in '\n', or as it came for the unterminated last line.
 */
export function readJsonLines(
  stream: Readable,
  onValue: (value: unknown) => void,
  onBad: (text: string, err: unknown) => void,
  options: JsonLinesOptions = {},
): void {
  let buffered = '';
  const take = (line: string, text: string) => {
    try {
      onValue(JSON.parse(line));
    } catch (err) {
      onBad(text, err);
    }
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) take(line, `${line}\n`);
    }
  });
  if (options.lastLine) {
    stream.on('end', () => {
      if (buffered.trim()) take(buffered, buffered);
    });
  }
}
