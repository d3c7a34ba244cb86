// Bundles the extension (vscode external) and the CLI (plain node, with a shebang).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // dockerode's ssh transport pulls optional native modules we never use.
  external: ['cpu-features', '*.node'],
};

// The extension must stay small (< 1.5 MB, it loads in every window): dockerode's ssh and BuildKit transports
// resolve to a stub that throws if ever used.
const UNUSED_TRANSPORTS = /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/;
const leaveOutUnusedTransports = {
  name: 'leave-out-unused-transports',
  setup(b) {
    b.onResolve({ filter: UNUSED_TRANSPORTS }, () => ({ path: new URL('./scripts/bundle/unavailable.cjs', import.meta.url).pathname }));
  },
};

await build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'], plugins: [leaveOutUnusedTransports] });
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
chmodSync('dist/cli.js', 0o755);
