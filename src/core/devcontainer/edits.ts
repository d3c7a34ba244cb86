// Quick-fix edits, made step after step on the text and then folded into one edit of the original text: what a
// code action applies in one go. Properties change through jsonc-parser's `modify` (comments and the file's
// own indentation kept); array elements are inserted and removed in place, so a one-line runArgs stays one line.
import { applyEdits, findNodeAtLocation, modify, parseTree, type FormattingOptions, type JSONPath, type Node } from 'jsonc-parser';

export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** One change: set `value` at `path` (undefined removes it), or insert or remove elements of the array at `path`. */
export type Change =
  { path: JSONPath; value: unknown } | { path: JSONPath; insertAt: number; values: string[] } | { path: JSONPath; removeAt: number; count: number };

export function editFor(text: string, changes: Change[]): TextEdit {
  let after = text;
  for (const c of changes) after = applyEdit(after, step(after, c));
  return difference(text, after);
}

export function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.content + text.slice(edit.offset + edit.length);
}

function step(text: string, c: Change): TextEdit {
  if ('value' in c) {
    return difference(text, applyEdits(text, modify(text, c.path, c.value, { formattingOptions: formattingOf(text) })));
  }
  const array = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true }) as Node, c.path);
  if (!array || array.type !== 'array') throw new Error(`no array at ${c.path.join('.')}`);
  const items = array.children ?? [];
  if ('insertAt' in c) {
    const content = c.values.map((v) => JSON.stringify(v)).join(', ');
    if (items.length === 0) return { offset: array.offset + 1, length: array.length - 2, content };
    if (c.insertAt >= items.length) {
      const last = items[items.length - 1];
      return { offset: last.offset + last.length, length: 0, content: `, ${content}` };
    }
    return { offset: items[c.insertAt].offset, length: 0, content: `${content}, ` };
  }
  const first = items[c.removeAt];
  const last = items[c.removeAt + c.count - 1];
  const next = items[c.removeAt + c.count];
  const before = items[c.removeAt - 1];
  if (next) return { offset: first.offset, length: next.offset - first.offset, content: '' };
  if (before) return { offset: before.offset + before.length, length: last.offset + last.length - before.offset - before.length, content: '' };
  return { offset: first.offset, length: last.offset + last.length - first.offset, content: '' };
}

/** The smallest single edit that turns `before` into `after`. */
function difference(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

/** The file's own indentation (the first indented property line) and line ends. */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)["/]/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 4, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}
