// DS01's real host code (ds01-infra) as the tests' oracles read it: from its git dir at test time, never copied
// into this repository.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DS01_INFRA_GIT = process.env.DS01_INFRA_GIT ?? '/work/.mirror/hertie-data-science-lab+ds01-infra/repo';

/** Why the ds01-infra git dir cannot be read here, or null when it can. */
export function infraGitMissing(): string | null {
  return existsSync(DS01_INFRA_GIT) ? null : `the ds01-infra git dir is not at ${DS01_INFRA_GIT} (set DS01_INFRA_GIT)`;
}

/** One file of ds01-infra at HEAD, as text. */
export function hostFile(path: string): string {
  return execFileSync('git', ['--git-dir', DS01_INFRA_GIT, 'show', `HEAD:${path}`], { encoding: 'utf8' });
}

/** Writes these files of ds01-infra at HEAD under `root`, at their paths in the repository. */
export function writeHostFiles(root: string, files: readonly string[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), hostFile(f));
  }
}

/** Bash: `extract_fn FILE NAME` prints the function NAME() { ... } of a script, as it stands there. */
export const EXTRACT_FN = `extract_fn() { awk -v n="$2" '$0 ~ "^"n"\\\\(\\\\) \\\\{" {p=1} p {print} p && /^}/ {exit}' "$1"; }`;
