// Bundles the extension (vscode external) and the CLI (plain node, with a shebang).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');

// Identifies the limits parser (its sources and the YAML and zod it runs), so a parse kept in a user's cache
// (src/host/limits/cache.ts) is used only by the parser that made it.
const limitsCode = createHash('sha256');
for (const f of readdirSync('src/core/limits').sort()) limitsCode.update(readFileSync(`src/core/limits/${f}`));
for (const p of ['yaml', 'zod']) limitsCode.update(readFileSync(`node_modules/${p}/package.json`));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { DS01_LIMITS_CODE: JSON.stringify(limitsCode.digest('hex').slice(0, 16)) },
  // dockerode's ssh transport pulls optional native modules we never use.
  external: ['cpu-features', '*.node'],
  // jsonc-parser's main build is UMD with requires esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

// The extension must stay small (< 1.5 MB, it loads in every window) and the CLI quick to start: dockerode's ssh
// and BuildKit transports, modules DS01 never loads, resolve to a stub that throws if ever used (their code is
// left out, not changed). It saves a fifth of a command's CPU time and 40% of the extension's loading
// (bench/README.md, speed devices).
const UNUSED_TRANSPORTS = /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/;
const leaveOutUnusedTransports = {
  name: 'leave-out-unused-transports',
  setup(b) {
    b.onResolve({ filter: UNUSED_TRANSPORTS }, () => ({ path: new URL('./scripts/bundle/unavailable.cjs', import.meta.url).pathname }));
  },
};

await build({
  ...common,
  entryPoints: ['src/extension/extension.ts'],
  outfile: 'dist/extension.js',
  external: [...common.external, 'vscode'],
  plugins: [leaveOutUnusedTransports],
});

// The CLI: dist/cli.js, a small launcher (src/cli/launch.ts), runs dist/cli-main.js (every command) through V8's
// code cache. .vscodeignore ships these two by name.
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [leaveOutUnusedTransports] });
await build({ ...common, entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
chmodSync('dist/cli.js', 0o755);
