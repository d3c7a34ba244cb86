// The per-command bundles, read from the command table (src/cli/commands/index.ts) so that adding a command is its
// file and its line there: each first word gets dist/cli-<word>.js with the commands of that word only.
import { readFileSync } from 'node:fs';

// `project launch` runs from cli-main.js: a bundle of its own would be nearly all of it (deploy and build), and
// another ~150 KB in the package.
const MAIN_ONLY_WORDS = ['project'];

/** Each command of the table: its key ('container deploy') and its module ('./container-deploy'). */
export function commandModules(indexText) {
  const entries = [...indexText.matchAll(/^\s*'?([a-z][a-z -]*?)'?: \{ summary: .*?import\('(\.\/[a-z-]+)'\)/gm)].map((m) => ({ key: m[1], module: m[2] }));
  if (entries.length === 0) throw new Error('src/cli/commands/index.ts: no command lines found; update scripts/bundle/command-bundles.mjs');
  return entries;
}

/** { word: modules } for the bundles, and every command module (the ones a bundle leaves out). */
export function commandBundles(indexText) {
  const entries = commandModules(indexText);
  const bundles = {};
  for (const { key, module } of entries) {
    const word = key.split(' ')[0];
    if (MAIN_ONLY_WORDS.includes(word)) continue;
    (bundles[word] ??= []).push(module);
  }
  return { bundles, all: entries.map((e) => e.module) };
}

export function commandBundlesOfRepo(root = '.') {
  return commandBundles(readFileSync(`${root}/src/cli/commands/index.ts`, 'utf8'));
}
