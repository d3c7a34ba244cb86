// A project's Python dependencies, read the way the host's dockerfile-generator.sh reads requirements.txt
// (comments, blank lines and -r/-e options dropped, "torch >= 2.0" written "torch>=2.0"), and pyproject.toml's
// [project] dependencies array.

/** A version operator and the spaces around it ("torch >= 2.0"): written without them. */
const SPACED_OPERATOR = /\s*([><=!~]+)\s*/g;

export function requirementsPackages(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*#/.test(line) && line.trim() !== '' && !/^\s*-/.test(line))
    .map((line) => line.replace(/#.*/, '').trim().replace(SPACED_OPERATOR, '$1'))
    .filter((p) => p !== '');
}

/** The strings of `dependencies = [...]` in the [project] table; [] when there is none. */
export function pyprojectDependencies(text: string): string[] {
  const table = /^\[project\][^\n]*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text);
  if (!table) return [];
  const deps = /^dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(table[1]);
  if (!deps) return [];
  return [...deps[1].matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((m) => (m[1] ?? m[2]).trim().replace(SPACED_OPERATOR, '$1')).filter((p) => p !== '');
}

/** Files whose change makes a built image stale (besides the Dockerfile). */
export const DEPENDENCY_FILES = ['requirements.txt', 'pyproject.toml', 'environment.yml', 'setup.py', 'setup.cfg'] as const;
