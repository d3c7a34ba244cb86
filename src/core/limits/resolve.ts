// Resolution exactly as SPEC.md §3: user override, else first group listing the user, else
// default_group; keys missing in a group fall back to defaults; null = unlimited.
import type { LimitSet } from '../model';
import type { LimitField, LimitValues } from './fields';
import type { LimitsConfig } from './parse';
import { sanitizeUserName } from './sanitize';
import { userPolicies } from './lifecycle-policies';

export interface LimitSources {
  config: LimitsConfig;
  /** Parsed `<group>.members` files by group name; a group without a file is absent. */
  memberFiles: Map<string, string[]>;
  /** user-overrides.yaml next to the config; its entries replace inline ones of the same user. */
  fileOverrides: Map<string, LimitValues>;
}

export interface LimitQuery {
  user: string;
  /** `$DS01_STATE_DIR/bare-metal-grants/<user>.json` exists. */
  grantFileExists: boolean;
  /**
   * Another account on the host is called exactly the user's sanitized name (`bob_x` for `bob.x`): then
   * overrides, members and exempt lists under that name are that account's, never this user's.
   */
  sanitizedIsAnotherAccount?: boolean;
}

/** What the host's scripts assume when no layer sets a key at all (absent, unlike null). */
type Resolved = Required<Omit<LimitValues, 'keyRank' | 'policies'>>;

const HOST_FALLBACKS: Resolved = {
  maxEquivalents: 1,
  maxPerContainer: 1,
  allowFullGpu: false,
  maxContainers: 3,
  cpus: 16,
  memoryBytes: 32 * 1024 ** 3,
  memorySwapBytes: null,
  shmBytes: 16 * 1024 ** 3,
  pidsLimit: 4096,
  idleTimeoutSeconds: null,
  maxRuntimeSeconds: null,
  gpuHoldAfterStopSeconds: null,
  containerHoldAfterStopSeconds: null,
};

/**
 * Later layers win, except where an earlier layer sets the limit under a key that comes first in the limit's
 * key list: the host's merged dict then still holds that key, and it is the one get_resource_limits.py reads.
 */
function merge(...layers: LimitValues[]): Resolved {
  const out: Record<string, unknown> = { ...HOST_FALLBACKS };
  const rankOf: Partial<Record<LimitField, number>> = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined || k === 'keyRank' || k === 'policies') continue;
      const field = k as LimitField;
      const rank = layer.keyRank?.[field] ?? 0;
      if (rankOf[field] !== undefined && rankOf[field]! < rank) continue;
      out[field] = v;
      rankOf[field] = rank;
    }
  }
  const merged = out as Resolved;
  // Docker's --memory-swap defaults to --memory on the host, not to unlimited.
  const swapSet = layers.some((l) => l.memorySwapBytes !== undefined);
  return swapSet ? merged : { ...merged, memorySwapBytes: merged.memoryBytes };
}

function pick(names: Set<string>, user: string, sanitized: string): boolean {
  return names.has(user) || (sanitized !== user && names.has(sanitized));
}

function findOverride(sources: LimitSources, user: string, sanitized: string): LimitValues | undefined {
  const all = new Map([...sources.config.userOverrides, ...sources.fileOverrides]);
  return all.get(user) ?? (sanitized !== user ? all.get(sanitized) : undefined);
}

function findGroup(sources: LimitSources, user: string, sanitized: string): { name: string; values: LimitValues } {
  const { groups, defaultGroup } = sources.config;
  for (const g of groups) {
    const members = new Set([...g.inlineMembers, ...(sources.memberFiles.get(g.name) ?? [])]);
    if (pick(members, user, sanitized)) return g;
  }
  return groups.find((g) => g.name === defaultGroup) ?? { name: defaultGroup, values: {} };
}

export function resolveLimits(sources: LimitSources, query: LimitQuery): LimitSet {
  const { user } = query;
  const sanitized = sanitizeUserName(user);
  // Matching on the user's own name twice turns the sanitized alternative off.
  const alias = query.sanitizedIsAnotherAccount ? user : sanitized;
  const override = findOverride(sources, user, alias);
  const userGroup = findGroup(sources, user, alias);
  const group = override ? { name: 'override', values: override } : userGroup;
  const v = merge(sources.config.defaults, group.values);
  // get_lifecycle_policies: an override's policies only where it has some; else those of the user's group.
  const policyBlock = override?.policies ?? userGroup.values.policies;
  const exemptByList = pick(new Set(sources.config.exemptUsers), user, alias);
  const exemptReason = query.grantFileExists ? 'grant-file' : exemptByList ? 'exempt-users' : null;
  return {
    user,
    sanitizedUser: sanitized,
    group: group.name,
    exempt: exemptReason !== null,
    exemptReason,
    gpus: { maxEquivalents: v.maxEquivalents, maxPerContainer: v.maxPerContainer, allowFullGpu: v.allowFullGpu },
    containers: { max: v.maxContainers },
    cpus: v.cpus,
    memoryBytes: v.memoryBytes,
    memorySwapBytes: v.memorySwapBytes,
    shmBytes: v.shmBytes,
    pidsLimit: v.pidsLimit,
    lifecycle: {
      idleTimeoutSeconds: v.idleTimeoutSeconds,
      maxRuntimeSeconds: v.maxRuntimeSeconds,
      gpuHoldAfterStopSeconds: v.gpuHoldAfterStopSeconds,
      containerHoldAfterStopSeconds: v.containerHoldAfterStopSeconds,
    },
    lifecyclePolicies: userPolicies(sources.config.lifecycle.policies, policyBlock),
  };
}
