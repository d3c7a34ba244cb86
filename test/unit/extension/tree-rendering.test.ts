// Drawing the tree reads nothing (issue 23): whatever src/extension/tree runs reaches no file, process, socket
// or setting. The host is read by the tree's model when the state changes (src/extension/tree-model).
// Checked on the imports that stay at run time (`import type` is erased), followed through src/.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SRC = join(__dirname, '../../../src');
const TREE = join(SRC, 'extension/tree');

/** Packages and node modules that do no I/O: the ones core may use, path arithmetic, and VS Code's API. */
const PURE = new Set(['vscode', 'zod', 'zod/mini', 'yaml', 'fast-xml-parser', 'jsonc-parser', 'node:crypto', 'node:path']);
/** Modules of ours that read the world without importing a node module: VS Code's settings, the host state. */
const READERS = ['extension/settings.ts', 'extension/host-state.ts'];

/** The specifiers a file imports at run time. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g)) {
    const clause = m[2].trim();
    const names = /^\{([^}]*)\}$/
      .exec(clause)?.[1]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const typeOnly = clause.startsWith('type ') || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type ')));
    if (!typeOnly) out.push(m[3]);
  }
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] ?? m[2]);
  return out;
}

function resolveSource(from: string, spec: string): string {
  const base = join(dirname(from), spec);
  const found = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
  if (!found) throw new Error(`${relative(SRC, from)}: cannot resolve ${spec}`);
  return found;
}

/** Every import chain from `roots` that ends in something that reads: ["a.ts -> b.ts -> node:fs", ...]. */
function pathsToReaders(roots: string[]): { reached: Set<string>; bad: string[] } {
  const reached = new Set<string>();
  const bad: string[] = [];
  const visit = (file: string, chain: string[]) => {
    if (reached.has(file)) return;
    reached.add(file);
    const here = [...chain, relative(SRC, file)];
    if (READERS.includes(relative(SRC, file))) {
      bad.push(here.join(' -> '));
      return;
    }
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) visit(resolveSource(file, spec), here);
      else if (!PURE.has(spec)) bad.push([...here, spec].join(' -> '));
    }
  };
  for (const r of roots) visit(r, []);
  return { reached, bad };
}

const treeFiles = readdirSync(TREE)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(TREE, f));

describe('extension/tree draws from state only', () => {
  it('reaches no file, process, engine or settings reader through its imports', () => {
    const { reached, bad } = pathsToReaders(treeFiles);
    assert.deepEqual(bad, []);
    assert.ok(reached.size > treeFiles.length, 'the imports were followed');
  });

  it('calls no VS Code API that reads (settings, files)', () => {
    const bad = treeFiles.filter((f) => /getConfiguration\(|workspace\.fs\b|workspace\.findFiles\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(
      bad.map((f) => relative(SRC, f)),
      [],
    );
  });

  it('the check finds the reads the tree had: the queue, /proc, settings, the host state', () => {
    const { bad } = pathsToReaders([join(SRC, 'extension/tree-model/tree-model.ts'), join(SRC, 'extension/extension.ts')]);
    for (const reader of [
      'host/allocation/gpu-queue.ts -> node:fs',
      'host/containers/proc-cgroups.ts -> node:fs',
      'extension/settings.ts',
      'extension/host-state.ts',
    ]) {
      assert.ok(
        bad.some((chain) => chain.endsWith(reader)),
        `${reader} in:\n${bad.join('\n')}`,
      );
    }
  });
});
