// A devcontainer.json as Dev Containers reads it: JSONC (comments and trailing commas allowed), kept as
// jsonc-parser's tree so every finding can point at the exact characters of the property it is about.
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export type { Node };

/** A span of the file's text, in UTF-16 code units (what JavaScript strings and VS Code count). */
export interface Span {
  offset: number;
  length: number;
}

export interface DevcontainerDocument {
  text: string;
  /** The root value; null when the text holds no value at all. */
  root: Node | null;
  errors: { span: Span; what: string }[];
}

export function readDocument(text: string): DevcontainerDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true }) ?? null;
  return { text, root, errors: errors.map((e) => ({ span: { offset: e.offset, length: Math.max(e.length, 1) }, what: words(printParseErrorCode(e.error)) })) };
}

/** The value node of a top-level (or nested) property, or null. */
export function valueAt(doc: DevcontainerDocument, ...path: (string | number)[]): Node | null {
  if (!doc.root || doc.root.type !== 'object') return null;
  return findNodeAtLocation(doc.root, path) ?? null;
}

/** The span from a property's key to the end of its value: where a finding about the whole property goes. */
export function propertySpan(value: Node): Span {
  const property = value.parent?.type === 'property' ? value.parent : value;
  return spanOf(property);
}

/** The span of a property's key alone (`"runArgs"`), for findings about what the property lacks. */
export function keySpan(value: Node): Span {
  const key = value.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
  return spanOf(key ?? value);
}

export function spanOf(node: Node): Span {
  return { offset: node.offset, length: node.length };
}

/** The root's opening brace: where findings about a property that is missing altogether go. */
export function rootSpan(doc: DevcontainerDocument): Span {
  return doc.root ? { offset: doc.root.offset, length: 1 } : { offset: 0, length: 0 };
}

export function plainValue(node: Node | null): unknown {
  return node ? getNodeValue(node) : undefined;
}

export function stringValue(node: Node | null): string | null {
  return node?.type === 'string' ? (node.value as string) : null;
}

/** Line and character (both from 0) of an offset, as VS Code's positions count them. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** 'CommaExpected' -> 'comma expected'. */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
