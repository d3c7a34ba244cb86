// config/runtime/lifecycle-exemptions.yaml as get_resource_limits.py's check_exemption reads it, quirks included:
// it walks the list in order and takes the first entry for the user and enforcement type; an entry whose
// expiry it cannot compare (a YAML date written without quotes, a time without a zone, exempt_from: null)
// raises inside its outer `try`, which answers "not exempt" for every later entry too; an expiry that is
// not ISO text is skipped. YAML is read as YAML 1.1, as PyYAML does (unquoted dates become dates).
import { parse as parseYaml } from 'yaml';

export type EnforcementType = 'idle_timeout_h' | 'max_runtime_h';

/** The parsed file: null when it is absent or unreadable as the host reads it (then nobody is exempt). */
export type Exemptions = unknown[] | null;

export type ExemptionStatus = { exempt: true; reason: string; permanent: boolean; until: Date | null } | { exempt: false; reason: null };

const NOT_EXEMPT: ExemptionStatus = { exempt: false, reason: null };

/** Text of the file in, the host's view of it out. Malformed YAML or no `exemptions:` list = no exemptions. */
export function parseExemptions(text: string | null): Exemptions {
  if (text === null) return null;
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: 'yaml-1.1' });
  } catch {
    return null;
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc) || !('exemptions' in doc)) return null;
  const list = (doc as Record<string, unknown>).exemptions;
  // A mapping is iterated by key (strings, which have no .get()): the host's outer except, no exemptions.
  return Array.isArray(list) ? list : null;
}

/** Python's `x in container` for the exempt_from value; 'raise' where Python raises TypeError. */
function contains(container: unknown, item: string): boolean | 'raise' {
  if (container === undefined) return false;
  if (typeof container === 'string') return container.includes(item);
  if (Array.isArray(container)) return container.some((x) => x === item);
  if (container !== null && typeof container === 'object' && !(container instanceof Date)) return item in container;
  return 'raise';
}

/** Python 3.11 `datetime.fromisoformat` for the forms an admin writes; null where it raises ValueError. */
function fromIsoFormat(s: string): { at: Date; aware: boolean } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?([+-]\d{2}(?::?\d{2})?)?)?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0', frac = '0', tz] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +se, Math.floor(Number(`0.${frac}`) * 1000));
  const check = new Date(ms);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +se > 59) return null;
  if (!tz) return { at: check, aware: false };
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
  return { at: new Date(ms - offset * 60_000), aware: true };
}

function reasonOf(entry: Record<string, unknown>): string {
  const r = 'reason' in entry ? entry.reason : 'No reason provided';
  return r === null ? 'None' : String(r);
}

/** Whether the host's check would say "exempt" for this user and type when it runs at `at`. */
export function checkExemption(exemptions: Exemptions, user: string, type: EnforcementType, at: Date): ExemptionStatus {
  for (const entry of exemptions ?? []) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry) || entry instanceof Date) return NOT_EXEMPT;
    const e = entry as Record<string, unknown>;
    if (e.username !== user) continue;
    const covers = contains(e.exempt_from, type);
    if (covers === 'raise') return NOT_EXEMPT;
    if (!covers) continue;
    const expires = e.expires_on;
    if (expires === undefined || expires === null) {
      return { exempt: true, reason: `Permanent exemption: ${reasonOf(e)}`, permanent: true, until: null };
    }
    if (expires instanceof Date) return NOT_EXEMPT;
    if (typeof expires !== 'string') continue;
    const parsed = fromIsoFormat(expires.replace(/Z/g, '+00:00'));
    if (!parsed) continue;
    if (!parsed.aware) return NOT_EXEMPT;
    if (at.getTime() < parsed.at.getTime()) {
      return { exempt: true, reason: `Temporary exemption until ${expires}: ${reasonOf(e)}`, permanent: false, until: parsed.at };
    }
  }
  return NOT_EXEMPT;
}
