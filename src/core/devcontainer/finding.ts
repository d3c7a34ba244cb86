// What the check says about a devcontainer.json: one finding per thing DS01 would refuse (error) or regret
// (warning), or would like the user to know (info), each on the exact characters it is about.
import type { Span } from './document';
import type { LocalValues } from './mounts';
import type { TextEdit } from './edits';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type FindingCode =
  | 'invalid-jsonc'
  | 'not-an-object'
  | 'no-image'
  | 'image-not-ml'
  | 'compose-not-checked'
  | 'no-gpu-request'
  | 'gpus-over-cap'
  | 'gpus-all'
  | 'gpus-unallocated'
  | 'no-shutdown-action'
  | 'shutdown-keeps-running'
  | 'no-user'
  | 'user-not-you'
  | 'no-home-env'
  | 'privileged'
  | 'host-namespace'
  | 'spaced-run-arg'
  | 'mount-outside-home'
  | 'no-home-mount';

export interface QuickFix {
  title: string;
  edit: TextEdit;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** One sentence: what is wrong, naming the property. */
  message: string;
  /** What to do. */
  fix: string;
  span: Span;
  quickFix: QuickFix | null;
}

/** The user's per-container GPU cap: a number, null for no cap, or why it could not be read. */
export type GpuCap = { max: number | null } | { unknown: string };

export interface CheckContext extends LocalValues {
  /** The user's login name and home folder on the host. */
  user: string;
  home: string;
  uid: number | null;
  gid: number | null;
  gpuCap: GpuCap;
  /** The text of the host's AIME catalog (aime-ml-containers/ml_images.repo); null when not readable. */
  catalog: string | null;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function finding(code: FindingCode, severity: Severity, message: string, fix: string, span: Span, quickFix: QuickFix | null = null): Finding {
  return { code, severity, message, fix, span, quickFix };
}
