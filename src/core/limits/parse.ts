// Text in, records out: the limits file, user-overrides.yaml and group .members files.
import type * as Yaml from 'yaml';
import type { z } from 'zod';
import { problem } from '../problem';
import { toLimitValues, type LimitValues } from './fields';
import type * as LifecycleSections from './lifecycle-config';
import type { LifecycleConfig } from './lifecycle-policies';
import type * as Schema from './schema';

// The YAML parser and the zod schemas are loaded on the first parse, not with this module: most `ds01` runs
// get the parsed files from the user's cache (src/host/limits/cache.ts), and loading both costs such a run
// more than everything else it does (bench/startup.bench.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
const yaml = () => require('yaml') as typeof Yaml;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
const schemas = () => require('./schema') as typeof Schema;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (see above)
const lifecycleSections = () => require('./lifecycle-config') as typeof LifecycleSections;

export interface LimitsConfig {
  file: string;
  defaults: LimitValues;
  /** 'student' when the file names none, as on the host. */
  defaultGroup: string;
  /** In file order: the first group listing a user wins. */
  groups: Array<{ name: string; values: LimitValues; inlineMembers: string[] }>;
  /** Inline `user_overrides:` of the main file. */
  userOverrides: Map<string, LimitValues>;
  exemptUsers: string[];
  infrastructureLabel: string;
  /** `container_types` and `policies`, as the idle, runtime and cleanup scripts read them. */
  lifecycle: LifecycleConfig;
}

function readYaml(text: string, file: string): unknown {
  try {
    return yaml().parse(text);
  } catch (e) {
    if (e instanceof yaml().YAMLParseError) {
      const at = e.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : '';
      const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw problem('config-invalid', `${file}: malformed YAML${where}: ${what}`, `Fix the YAML syntax in ${file}.`);
    }
    // The yaml library refuses alias bombs ("Excessive alias count ...") with a plain error: still the file's fault.
    throw problem(
      'config-invalid',
      `${file}: YAML that cannot be read safely: ${(e as Error).message}`,
      `Fix ${file}: write the values out instead of expanding aliases.`,
    );
  }
}

function invalid(file: string, error: z.ZodError, input: unknown) {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.') || '(top level)';
  const reason = issue.code === 'invalid_type' ? expectedText(issue.expected, valueAt(input, issue.path)) : issue.message;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return problem('config-invalid', `${file}: ${path}: ${reason}${more}`, `Edit ${path} in ${file}; null means unlimited.`);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function expectedText(expected: string, got: unknown): string {
  const want = expected === 'object' || expected === 'record' ? 'a mapping' : expected === 'array' ? 'a list' : `a ${expected}`;
  const gotText = Array.isArray(got) ? 'a list' : got === null ? 'null' : typeof got === 'object' ? 'a mapping' : JSON.stringify(got);
  return `expected ${want}, got ${gotText}`;
}

function overridesMap(raw: Record<string, Record<string, unknown>> | undefined): Map<string, LimitValues> {
  return new Map(Object.entries(raw ?? {}).map(([user, block]) => [user, toLimitValues(block)]));
}

export function parseLimitsConfig(text: string, file: string): LimitsConfig {
  const doc = readYaml(text, file);
  if (doc === null || doc === undefined) {
    throw problem('config-invalid', `${file}: the limits file is empty.`, `Restore ${file} (it needs at least defaults: and groups:).`);
  }
  const parsed = schemas().limitsFileSchema.safeParse(doc);
  if (!parsed.success) throw invalid(file, parsed.error, doc);
  const c = parsed.data;
  const lifecycle = lifecycleSections().lifecycleSectionsSchema.safeParse(doc);
  if (!lifecycle.success) throw invalid(file, lifecycle.error, doc);
  const groups = Object.entries(c.groups ?? {}).map(([name, block]) => ({
    name,
    values: toLimitValues(block),
    inlineMembers: (block.members as string[] | undefined) ?? [],
  }));
  return {
    file,
    defaults: toLimitValues(c.defaults ?? {}),
    defaultGroup: c.default_group ?? 'student',
    groups,
    userOverrides: overridesMap(c.user_overrides as Record<string, Record<string, unknown>> | undefined),
    exemptUsers: c.bare_metal_access?.exempt_users ?? [],
    infrastructureLabel: c.monitoring?.infrastructure_label ?? 'ds01.protected',
    lifecycle: lifecycleSections().toLifecycleConfig(lifecycle.data),
  };
}

/** user-overrides.yaml: the whole document maps user name -> limit keys (as the host reads it). */
export function parseUserOverrides(text: string, file: string): Map<string, LimitValues> {
  const doc = readYaml(text, file);
  const parsed = schemas().userOverridesSchema.safeParse(doc ?? {});
  if (!parsed.success) throw invalid(file, parsed.error, doc);
  return overridesMap(parsed.data as Record<string, Record<string, unknown>>);
}

/** A .members file: one name a line, `#` starts a comment. */
export function parseMembers(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.split('#')[0].trim())
    .filter((name) => name !== '');
}
