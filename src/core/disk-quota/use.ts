// How full my home is: from `quota -u` where the host has quotas, else my home's size against the limit the
// host's quota-check compares it with (see README.md: always its 100G fallback).

export const DISK_WARN_PERCENT = 90;
/** quota-check's limit when it has no other: `100G` read as 100 × 1024³ bytes. */
export const QUOTA_CHECK_LIMIT_BYTES = 100 * 1024 ** 3;

export interface FilesystemQuota {
  filesystem: string;
  usedBytes: number;
  /** The soft limit (quota), null when 0 (none). */
  softBytes: number | null;
  /** The hard limit, null when 0 (none). */
  hardBytes: number | null;
}

export type QuotaAnswer = { kind: 'quotas'; filesystems: FilesystemQuota[] } | { kind: 'none' } | { kind: 'unreadable'; why: string };

/**
 * `quota -u -w USER` (1 KiB blocks, one line per filesystem; a `*` marks a block count over its soft limit).
 * "none": the user has no quota; no table: quotas are not enabled where the user has files.
 */
export function parseQuota(text: string): QuotaAnswer {
  if (/:\s*none\s*$/m.test(text)) return { kind: 'none' };
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const head = lines.findIndex((l) => /^Filesystem\s+blocks\s+quota\s+limit/i.test(l));
  if (head < 0) return { kind: 'unreadable', why: lines.find((l) => /cannot|error|not/i.test(l)) ?? 'quota printed no table' };
  const filesystems = lines.slice(head + 1).flatMap((l) => {
    const f = l.split(/\s+/);
    const [used, soft, hard] = [f[1], f[2], f[3]].map((v) => Number((v ?? '').replace(/\*$/, '')));
    if (f.length < 4 || ![used, soft, hard].every(Number.isFinite)) return [];
    return [{ filesystem: f[0], usedBytes: used * 1024, softBytes: soft ? soft * 1024 : null, hardBytes: hard ? hard * 1024 : null }];
  });
  return filesystems.length ? { kind: 'quotas', filesystems } : { kind: 'unreadable', why: 'quota printed a table without figures' };
}

export interface DiskUse {
  /** Where the figures come from: the host's quotas, or the size of the home folder. */
  source: 'quota' | 'home-size';
  /** The filesystem (quota) or the folder measured (home-size). */
  where: string;
  usedBytes: number | null;
  limitBytes: number | null;
  percent: number | null;
  /** Why a figure is null, or what the limit is. */
  note: string | null;
}

/** The fullest filesystem with a limit, as one DiskUse. */
export function useFromQuota(fs: FilesystemQuota[]): DiskUse | null {
  const limited = fs.map((f) => ({ f, limit: f.softBytes ?? f.hardBytes })).filter((x) => x.limit !== null);
  if (limited.length === 0) return null;
  const worst = limited.reduce((a, b) => (a.f.usedBytes / a.limit! >= b.f.usedBytes / b.limit! ? a : b));
  return {
    source: 'quota',
    where: worst.f.filesystem,
    usedBytes: worst.f.usedBytes,
    limitBytes: worst.limit,
    percent: pct(worst.f.usedBytes, worst.limit!),
    note: worst.f.softBytes ? 'soft limit (quota -u)' : 'hard limit (quota -u)',
  };
}

export function useFromHomeSize(home: string, usedBytes: number | null, why: string | null): DiskUse {
  return {
    source: 'home-size',
    where: home,
    usedBytes,
    limitBytes: QUOTA_CHECK_LIMIT_BYTES,
    percent: usedBytes === null ? null : pct(usedBytes, QUOTA_CHECK_LIMIT_BYTES),
    note: why ?? 'no disk quota on this host: the size of your home against the 100 GiB quota-check compares it with',
  };
}

export function diskWarning(u: Pick<DiskUse, 'percent'>): string | null {
  return u.percent !== null && u.percent >= DISK_WARN_PERCENT ? `disk use at ${Math.round(u.percent)}% of your limit: writes will fail when it is full` : null;
}

function pct(used: number, limit: number): number {
  return Math.round((used / limit) * 1000) / 10;
}
