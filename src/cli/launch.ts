// What `ds01` (dist/cli.js) runs: picks the bundle of the command asked for (dist/cli-<command>.js holds main.ts
// with only that command; dist/cli-main.js has them all) and runs it through V8's code cache, so a run neither
// reads the code of other commands nor spends its time compiling (bench/startup.bench.ts). The command is found
// by the same split main.ts uses, so both agree on it. DS01_CODE_CACHE=off loads without the cache.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runBundleWithCodeCache } from '../host/code-cache';
import { splitCommand } from './args';

const word = splitCommand(process.argv.slice(2), () => false).key;
const own = /^[a-z][a-z-]*$/.test(word) ? join(__dirname, `cli-${word}.js`) : null;
const bundle = own !== null && word !== 'main' && existsSync(own) ? own : join(__dirname, 'cli-main.js');
runBundleWithCodeCache(bundle, { variant: word });
