// The one direction of dependency the project keeps (README "Layout"), checked on every import in src/.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

/** The src/ folder an import lands in ('core', 'host', ...), or the package name for bare imports. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.replace(/^node:/, 'node:');
  const resolved = relative(SRC, join(file, '..', spec));
  return resolved.split('/')[0];
}

const RULES: Record<string, { allowed: (t: string) => boolean; why: string }> = {
  core: {
    allowed: (t) => t === 'core' || ['zod', 'zod/mini', 'yaml', 'fast-xml-parser', 'jsonc-parser', 'node:crypto'].includes(t),
    why: 'core is pure: no vscode, no I/O, no host/cli/extension',
  },
  host: {
    allowed: (t) => t === 'host' || t === 'core' || t.startsWith('node:') || ['dockerode', 'tar-fs', '@balena/dockerignore'].includes(t),
    why: 'host may use core, node, dockerode and the build context packers only',
  },
  cli: { allowed: (t) => ['cli', 'core', 'host'].includes(t) || t.startsWith('node:'), why: 'cli is a front end over core and host' },
  extension: { allowed: (t) => ['extension', 'core', 'host', 'vscode'].includes(t) || t.startsWith('node:'), why: 'extension is glue over core and host' },
};

/** The text without comments and string literals: what the code itself names. */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''")
    .replace(/\/\/.*$/gm, '');
}

const ENGINE = 'host/engine/';
const ENGINE_CLIENTS = ['dockerode', 'docker-modem'];

describe('layering of src/', () => {
  const files = sources(SRC);

  it('finds the four layers', () => {
    const layers = new Set(files.map((f) => relative(SRC, f).split('/')[0]));
    for (const l of Object.keys(RULES)) assert.ok(layers.has(l), l);
  });

  for (const [layer, rule] of Object.entries(RULES)) {
    it(`${layer}: ${rule.why}`, () => {
      const bad = files
        .filter((f) => relative(SRC, f).startsWith(`${layer}/`))
        .flatMap((f) =>
          importsOf(f)
            .filter((s) => !rule.allowed(target(f, s)))
            .map((s) => `${relative(SRC, f)} imports ${s}`),
        );
      assert.deepEqual(bad, []);
    });
  }

  // src/host/engine is the one door to the engine (its README): the client and its answers stay behind it.
  it('only src/host/engine imports dockerode, reaches an engine client (`.docker`) or calls Engine.call/count', () => {
    const outside = files.filter((f) => !relative(SRC, f).startsWith(ENGINE));
    const bad = outside.flatMap((f) => {
      const where = relative(SRC, f);
      const imports = importsOf(f)
        .filter((s) => ENGINE_CLIENTS.includes(s))
        .map((s) => `${where} imports ${s}`);
      const text = code(readFileSync(f, 'utf8'));
      const reaches = [...text.matchAll(/(?:[\w$]+|[)\]])\s*\??\.\s*docker\b/g)].map((m) => `${where} reaches ${m[0]}`);
      // Engine.call and Engine.count are how host/engine's own modules reach the client: nobody else calls them.
      const raw = [...text.matchAll(/\.\s*(?:call|count)\(\s*''/g)].map((m) => `${where} calls the engine raw: ${m[0]}`);
      return [...imports, ...reaches, ...raw];
    });
    assert.deepEqual(bad, []);
    assert.ok(
      files.some((f) => relative(SRC, f).startsWith(ENGINE) && importsOf(f).includes('dockerode')),
      'host/engine holds the client',
    );
  });
});
