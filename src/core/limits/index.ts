// Public face of the limits model: parse the host's files, resolve one user's LimitSet.
export { parseLimitsConfig, parseUserOverrides, parseMembers, type LimitsConfig } from './parse';
export { resolveLimits, type LimitSources, type LimitQuery } from './resolve';
export { sanitizeUserName } from './sanitize';
export type { LimitValues } from './fields';
export { HOST_POLICY_DEFAULTS, type ContainerTypeLimits, type LifecycleConfig, type LifecyclePolicies } from './lifecycle-policies';
