// Text for people within 80 columns: words moved to the next line, which starts with `indent`. A word longer
// than a line (a long path) keeps a line of its own rather than being cut.
export function wrap(text: string, indent = '  ', width = 80): string {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.trim() === '' ? line + word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
