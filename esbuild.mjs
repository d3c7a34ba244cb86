// Bundles the extension (vscode external) and the CLI (plain node, with a shebang).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { commandBundlesOfRepo } from './scripts/bundle/command-bundles.mjs';

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
// and BuildKit transports resolve to a stub that throws if ever used.
const UNUSED_TRANSPORTS = /^(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs)$/;
const leaveOutUnusedTransports = {
  name: 'leave-out-unused-transports',
  setup(b) {
    b.onResolve({ filter: UNUSED_TRANSPORTS }, () => ({ path: new URL('./scripts/bundle/unavailable.cjs', import.meta.url).pathname }));
  },
};

// docker-modem loads node's https (and with it tls) when it loads, though DS01 reaches its engine over a unix
// socket, and dockerode's BuildKit session module loads crypto: a stand-in loads each on first use, which saves
// every CLI run those modules' start-up (about 3 ms each, bench/startup.bench.ts).
const ON_FIRST_USE = [
  { module: /^https$/, importer: /node_modules\/docker-modem\// },
  { module: /^crypto$/, importer: /node_modules\/dockerode\/lib\/session\.js$/ },
];
const builtinsOnFirstUse = {
  name: 'builtins-on-first-use',
  setup(b) {
    for (const { module, importer } of ON_FIRST_USE) {
      b.onResolve({ filter: module }, (args) => (importer.test(args.importer) ? { path: args.path, namespace: 'on-first-use' } : undefined));
    }
    b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: `let real; const load = () => (real ??= require('node:${args.path}'));\n`
        + 'module.exports = new Proxy({}, { get: (_, k) => load()[k], has: (_, k) => k in load() });',
      loader: 'js',
    }));
  },
};

// zod re-exports its ~40 error-message locales as a namespace, so every bundle carried all of them (260 KB minified,
// more than half of the CLI bundle) though only English, which zod loads on its own, is ever used.
const onlyEnglishZodMessages = {
  name: 'only-english-zod-messages',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (
      /node_modules\/zod\/v4\/(classic|mini|core)\/(external|index)\.js$/.test(args.importer) ? { path: 'zod-locales', namespace: 'no-zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'no-zod-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// docker-modem formats every request for its debug log (util.inspect, ~3 ms on a CLI run's first request) even
// when that log is off: format it only when DEBUG=modem turns the log on.
const DEBUG_FORMAT = "debug('Sending: %s', util.inspect(";
const debugFormatOnlyWhenOn = {
  name: 'debug-format-only-when-on',
  setup(b) {
    b.onLoad({ filter: /node_modules\/docker-modem\/lib\/modem\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(DEBUG_FORMAT)) throw new Error(`docker-modem changed: ${DEBUG_FORMAT} not found in ${args.path}; update esbuild.mjs`);
      return { contents: text.replace(DEBUG_FORMAT, `debug.enabled && ${DEBUG_FORMAT}`), loader: 'js' };
    });
  },
};

await build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: [...common.external, 'vscode'], plugins: [leaveOutUnusedTransports, builtinsOnFirstUse, debugFormatOnlyWhenOn, onlyEnglishZodMessages] });

// The CLI: dist/cli.js, a small launcher (src/cli/launch.ts), runs one command's bundle through V8's code cache.
// dist/cli-<word>.js is main.ts with only the commands whose first word is <word> (the others' modules are left
// out), so `ds01 limits` reads no Docker client; dist/cli-main.js has every command (help, and words without a
// bundle). The words and their modules come from the command table (scripts/bundle/command-bundles.mjs).
const { bundles: COMMAND_BUNDLES, all: ALL_COMMANDS } = commandBundlesOfRepo();
function onlyCommands(keep) {
  return {
    name: 'only-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/[a-z-]+$/ }, (args) => {
        if (!args.importer.endsWith('src/cli/commands/index.ts') || keep.includes(args.path) || !ALL_COMMANDS.includes(args.path)) return undefined;
        return { path: args.path, namespace: 'left-out-command' };
      });
      b.onLoad({ filter: /.*/, namespace: 'left-out-command' }, (args) => ({
        contents: `throw new Error('ds01: the command module ${args.path} is not in this bundle; run dist/cli-main.js');`,
        loader: 'js',
      }));
    },
  };
}
await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js', plugins: [leaveOutUnusedTransports, builtinsOnFirstUse, debugFormatOnlyWhenOn, onlyEnglishZodMessages] });
for (const [word, keep] of Object.entries(COMMAND_BUNDLES)) {
  await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: `dist/cli-${word}.js`, plugins: [leaveOutUnusedTransports, builtinsOnFirstUse, debugFormatOnlyWhenOn, onlyEnglishZodMessages, onlyCommands(keep)] });
}
await build({ ...common, entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
chmodSync('dist/cli.js', 0o755);
