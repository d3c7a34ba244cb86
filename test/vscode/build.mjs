// Bundles the in-VS Code suite: out/test/index.js (the runner, with mocha inside) and one
// out/test/<name>.test.js per suite file. `vscode` stays external: the extension host provides it.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'vscode', 'suite');
const outdir = join(root, 'out', 'test');
const testFiles = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(suiteDir, f));

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(suiteDir, 'index.ts'), ...testFiles],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  // mocha loads reporters, ESM files and parallel workers by computed paths this runner never takes.
  logOverride: { 'unsupported-require-call': 'silent', 'unsupported-dynamic-import': 'silent', 'require-resolve-not-external': 'silent' },
  external: ['vscode', 'cpu-features', 'sshcrypto', '*.node'],
});
console.log(`test/vscode/build.mjs: out/test/index.js + ${testFiles.length} suite file(s)`);
