// What `ds01` (dist/cli.js) runs: dist/cli-main.js (main.ts, every command) through V8's code cache, so a run does
// not spend its time compiling (bench/devices.bench.ts). The cache is kept per command word, since each command
// compiles other functions; the word is found by the same split main.ts uses.
// DS01_CODE_CACHE=off loads without the cache.
import { join } from 'node:path';
import { runBundleWithCodeCache } from '../host/code-cache';
import { splitCommand } from './args';

runBundleWithCodeCache(join(__dirname, 'cli-main.js'), { variant: splitCommand(process.argv.slice(2), () => false).key });
