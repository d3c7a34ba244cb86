// Which engine containers are DS01's, who owns them and which GPUs they hold (SPEC.md §4).
// Input is the engine's own JSON: the list API's entries (GET /containers/json) and, where the list
// lacks data, the inspect API's answer (GET /containers/{id}/json). Pure: no engine calls here.
import { CONTAINER_STATES, type ContainerState, type Ds01Container, type User, type UserAsOwner } from '../model';
import { OWNER_SEPARATOR as AIME_SEPARATOR } from './name';

/** The fields of a list entry we read. The list has no CgroupParent and no DeviceRequests. */
export interface ContainerListEntry {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  /** The image's id: what `Image` (a name) pointed to when the container was made. */
  ImageID?: string;
  Created?: number;
  Labels?: Record<string, string> | null;
  State?: string;
  Mounts?: MountPoint[] | null;
}

/** A mount as both the list and the inspect API report it. */
export interface MountPoint {
  Type?: string;
  Source?: string;
  Destination?: string;
}

/** Where DS01 containers keep the user's project (`container deploy` mounts it here). */
export const WORKSPACE_MOUNT = '/workspace';

/** The fields of an inspect answer we read. */
export interface ContainerInspect {
  Id: string;
  Name?: string;
  Created?: string;
  State?: {
    Status?: string;
    Running?: boolean;
    StartedAt?: string;
    FinishedAt?: string;
    ExitCode?: number;
    OOMKilled?: boolean;
  } | null;
  Config?: { Image?: string; User?: string; Labels?: Record<string, string> | null; Tty?: boolean } | null;
  Mounts?: MountPoint[] | null;
  NetworkSettings?: { IPAddress?: string; Networks?: Record<string, { IPAddress?: string }> | null } | null;
  HostConfig?: {
    CgroupParent?: string;
    NetworkMode?: string;
    /** `-v SRC:DST[:opts]` strings; the host's owner tracker reads owners from `/home/<user>/...` sources. */
    Binds?: string[] | null;
    DeviceRequests?: Array<{ Driver?: string; Count?: number; DeviceIDs?: string[] | null; Capabilities?: string[][] | null }> | null;
  } | null;
}

export const LABEL = {
  user: 'ds01.user',
  aimeUser: 'aime.mlc.USER',
  name: 'ds01.name',
  gpuUuids: 'ds01.gpu.uuids',
  gpuUuid: 'ds01.gpu.uuid',
  /** The host's docker wrapper (Dev Containers, `docker run --gpus`): the UUID(s) it allocated, comma-joined. */
  gpuSlot: 'ds01.gpu_slot',
  /** Dev Containers: the project folder on the host, the name its user knows the container by. */
  devcontainerFolder: 'devcontainer.local_folder',
  protected: 'ds01.protected',
  composeWorkingDir: 'com.docker.compose.project.working_dir',
} as const;

/**
 * How a container's owner was found. `uid` (an AIME name `._.<uid>` or a numeric Config.User) cannot be written
 * for another user; a label can be written by whoever creates the container. The last three are what the host's
 * owner tracker (container-owner-tracker.py `_detect_owner`) reads besides labels and names: they make a container
 * count for a user, as the host counts it, and never give anyone rights over it.
 */
export const CLAIM_EVIDENCE = ['devcontainer.local_folder', 'bind mount', 'com.docker.compose.project.working_dir'] as const;
export const OWNER_EVIDENCE = ['uid', 'ds01.user', 'aime.mlc.USER', 'cgroup parent', ...CLAIM_EVIDENCE] as const;
export type OwnerEvidence = (typeof OWNER_EVIDENCE)[number];

/** An owner read from a `/home/<user>/...` path: counts for that user (once checked), moves no rights. */
export interface OwnerClaim {
  user: string;
  evidence: (typeof CLAIM_EVIDENCE)[number];
  /** The path it was read from (for a bind mount, its source; the host checks that the user owns it). */
  path: string;
}

/** AIME naming: `<name>._.<uid>`. */
const AIME_UID = /\._\.(\d+)$/;
/**
 * `ds01-<group>-<user>.slice`. systemd reads '-' in a slice name as nesting (ds01 > ds01-group >
 * ds01-group-user), so the group is one word and everything after its dash is the user
 * (raw `h.baker` or sanitized `h_baker`, both seen on hosts).
 */
const CGROUP_SLICE = /^ds01-([^-/]+)-([^/]+)\.slice$/;

export interface OwnershipOptions {
  /** The config's `monitoring.infrastructure_label`; `ds01.protected` on every known host. */
  protectedLabel?: string;
}

function labelsOf(entry: ContainerListEntry | ContainerInspect): Record<string, string> {
  const labels = 'Config' in entry ? entry.Config?.Labels : (entry as ContainerListEntry).Labels;
  return labels ?? {};
}

function hasDs01Label(labels: Record<string, string>): boolean {
  // aime.mlc.DS01_MANAGED=true: DS01's mlc wrapper marks its containers so (the owner tracker's _detect_interface).
  return Object.keys(labels).some((k) => k.startsWith('ds01.')) || labels['aime.mlc.DS01_MANAGED'] === 'true';
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** GPU ids from the labels (ds01.gpu.uuids, ds01.gpu.uuid, ds01.gpu_slot), or null when none is there. */
export function labelGpuIds(labels: Record<string, string>): string[] | null {
  if (LABEL.gpuUuids in labels) return splitList(labels[LABEL.gpuUuids]);
  if (LABEL.gpuUuid in labels) return splitList(labels[LABEL.gpuUuid]);
  if (LABEL.gpuSlot in labels) return splitList(labels[LABEL.gpuSlot]);
  return null;
}

function nameOf(names: string[] | null | undefined, single?: string): string {
  const raw = single ?? names?.[0] ?? '';
  return raw.startsWith('/') ? raw.slice(1) : raw;
}

function labelOwner(labels: Record<string, string>): string | null {
  return labels[LABEL.user] || labels[LABEL.aimeUser] || null;
}

/**
 * True when the list entry cannot answer for the container: it carries no GPU label (GPUs are then
 * only in HostConfig.DeviceRequests) or no owner label (the cgroup parent may name the owner).
 * Our own deploys label both, so they never need an inspect.
 */
export function needsInspect(entry: ContainerListEntry): boolean {
  const labels = labelsOf(entry);
  return labelGpuIds(labels) === null || labelOwner(labels) === null;
}

/** Owner of a `ds01-<group>-<user>.slice` cgroup parent, or null. */
export function ownerFromCgroupParent(cgroupParent: string | undefined | null): { group: string; user: string } | null {
  const m = CGROUP_SLICE.exec(cgroupParent ?? '');
  return m ? { group: m[1], user: m[2] } : null;
}

/** `uid:<n>` from an AIME name `<name>._.<n>`, or null. Resolving the uid to a name is the caller's job. */
export function ownerFromAimeName(name: string): string | null {
  const m = AIME_UID.exec(name);
  return m ? `uid:${m[1]}` : null;
}

/** The uid in an AIME name `<name>._.<n>`, else in a numeric inspect `Config.User` ("1002" or "1002:1002"), else null. */
export function ownerUidOf(name: string, inspect?: ContainerInspect): number | null {
  const m = AIME_UID.exec(name) ?? /^(\d+)(?::\d*)?$/.exec(inspect?.Config?.User ?? '');
  return m ? Number(m[1]) : null;
}

/** Device IDs of every device request, in order, without repeats. */
export function deviceRequestIds(inspect: ContainerInspect): string[] {
  const ids = (inspect.HostConfig?.DeviceRequests ?? []).flatMap((r) => r.DeviceIDs ?? []);
  return [...new Set(ids)];
}

export interface Classified {
  /** DS01's by the SPEC rule (cgroup parent `ds01*`, a `ds01.*` label, or `._.` in the name). */
  isDs01: boolean;
  container: Ds01Container;
  /**
   * Where no label, name or cgroup parent names an owner: the `/home/<user>/...` paths the host's tracker would
   * try, in its order. The caller keeps the first whose user exists (and, for a bind mount, owns the path).
   */
  claims: OwnerClaim[];
}

function homeUser(path: string | undefined): string | null {
  if (!path?.startsWith('/home/')) return null;
  const user = path.split('/')[2];
  return user ? user : null;
}

/** _detect_owner's strategies 4 to 6, as candidates: devcontainer.local_folder, `-v /home/<u>/...` binds, compose working_dir. */
export function ownerClaims(labels: Record<string, string>, inspect?: ContainerInspect): OwnerClaim[] {
  const out: OwnerClaim[] = [];
  const folder = labels[LABEL.devcontainerFolder];
  const folderUser = homeUser(folder);
  if (folderUser) out.push({ user: folderUser, evidence: 'devcontainer.local_folder', path: folder });
  for (const bind of inspect?.HostConfig?.Binds ?? []) {
    const user = typeof bind === 'string' ? homeUser(bind) : null;
    if (user) out.push({ user, evidence: 'bind mount', path: bind.split(':')[0] });
  }
  const dir = labels[LABEL.composeWorkingDir];
  const dirUser = homeUser(dir);
  if (dirUser) out.push({ user: dirUser, evidence: 'com.docker.compose.project.working_dir', path: dir });
  return out;
}

function evidenceOf(labels: Record<string, string>, ownerUid: number | null, cgroupOwner: string | null): OwnerEvidence | null {
  if (ownerUid !== null) return 'uid';
  if (labels[LABEL.user]) return 'ds01.user';
  if (labels[LABEL.aimeUser]) return 'aime.mlc.USER';
  return cgroupOwner ? 'cgroup parent' : null;
}

/**
 * Classifies one container. Pass the inspect answer whenever `needsInspect(entry)` is true; without
 * it the list's labels are taken as the whole truth (cgroup parent and device requests unknown).
 */
export function classifyContainer(entry: ContainerListEntry, inspect?: ContainerInspect, options: OwnershipOptions = {}): Classified {
  const labels = inspect ? labelsOf(inspect) : labelsOf(entry);
  const name = nameOf(entry.Names, inspect?.Name);
  const cgroupParent = inspect?.HostConfig?.CgroupParent ?? '';

  const fromRequests = inspect ? deviceRequestIds(inspect) : [];
  const gpuUuids = fromRequests.length > 0 ? fromRequests : (labelGpuIds(labels) ?? []);

  const cgroupOwner = ownerFromCgroupParent(cgroupParent)?.user ?? null;
  const owner = labelOwner(labels) ?? cgroupOwner ?? ownerFromAimeName(name);
  const ownerUid = ownerUidOf(name, inspect);
  const isDs01 = cgroupParent.startsWith('ds01') || hasDs01Label(labels) || name.includes(AIME_SEPARATOR);

  const rawState = (inspect?.State?.Status ?? entry.State ?? '').toLowerCase();
  const state = (CONTAINER_STATES as readonly string[]).includes(rawState) ? (rawState as ContainerState) : 'dead';
  const createdAt = inspect?.Created ? new Date(inspect.Created) : new Date((entry.Created ?? 0) * 1000);

  const protectedLabel = options.protectedLabel ?? LABEL.protected;
  return {
    isDs01,
    claims: owner === null && ownerUid === null ? ownerClaims(labels, inspect) : [],
    container: {
      id: entry.Id,
      name,
      displayName: displayNameOf(labels, name),
      owner,
      ownerUid,
      ownerEvidence: evidenceOf(labels, ownerUid, cgroupOwner),
      // The list names the image as created; inspect's top-level Image is only the digest.
      image: entry.Image || inspect?.Config?.Image || '',
      imageId: entry.ImageID || null,
      state,
      running: state === 'running' || state === 'restarting' || state === 'paused',
      createdAt,
      protected: (labels[protectedLabel] ?? '').toLowerCase() === 'true',
      gpuUuids,
      labels,
      workspace: workspaceSource(inspect?.Mounts ?? entry.Mounts ?? []),
    },
  };
}

/** ds01.name, else the Dev Containers project folder's last part, else the part before '._.', else the name. */
function displayNameOf(labels: Record<string, string>, name: string): string {
  const folder = (labels[LABEL.devcontainerFolder] ?? '').replace(/\/+$/, '');
  return (
    labels[LABEL.name] || folder.slice(folder.lastIndexOf('/') + 1) || (name.includes(AIME_SEPARATOR) ? name.slice(0, name.indexOf(AIME_SEPARATOR)) : name)
  );
}

/** The host folder bind-mounted at /workspace, or null. */
function workspaceSource(mounts: MountPoint[]): string | null {
  return mounts.find((m) => m.Type === 'bind' && m.Destination === WORKSPACE_MOUNT)?.Source ?? null;
}

/**
 * True when the container is this user's. A uid the container carries decides first; then the exact name (or
 * `uid:<n>`); the sanitized name (DS01 writes it in some labels and slices) only when no account on the host has
 * exactly that name: `bob.x` and `bob_x`, or `alice@other.lan` and `alice`, sanitize alike but are different people.
 */
export function ownedBy(container: Pick<Ds01Container, 'owner' | 'ownerUid'>, user: UserAsOwner): boolean {
  // `claim` is deliberately not read here: a path anyone can write on their own container moves no rights.
  if (container.ownerUid !== undefined && container.ownerUid !== null && user.uid !== null) return container.ownerUid === user.uid;
  const o = container.owner;
  if (o === null) return false;
  if (o === user.name || (user.uid !== null && o === `uid:${user.uid}`)) return true;
  return o === user.sanitized && !sanitizedIsAnotherAccount(user);
}

/**
 * True when the container counts for the user (quota, container count, lists), as the host's tracker counts it:
 * owned, or with no other owner and a checked `/home/<user>/...` claim of this user's exact name.
 */
export function countsFor(container: Pick<Ds01Container, 'owner' | 'ownerUid' | 'claim'>, user: UserAsOwner): boolean {
  if (ownedBy(container, user)) return true;
  return container.owner === null && (container.ownerUid ?? null) === null && container.claim?.user === user.name;
}

/** True when the user's sanitized name is itself another account's exact name (then it never stands for this user). */
export function sanitizedIsAnotherAccount(user: Pick<User, 'name' | 'sanitized' | 'accounts'>): boolean {
  return user.sanitized !== user.name && user.accounts.has(user.sanitized);
}

/** "devcontainer.local_folder=/home/alice/p" or "bind mount /home/alice/data". */
export function claimText(claim: OwnerClaim): string {
  return claim.evidence === 'bind mount' ? `bind mount ${claim.path}` : `${claim.evidence}=${claim.path}`;
}

/** Why a container of the user's is theirs only by what anyone could write, or null when its uid proves it. */
export function unprovenOwnerNote(c: Pick<Ds01Container, 'ownerEvidence' | 'claim'>): string | null {
  if (c.ownerEvidence === 'uid') return null;
  if (c.claim) return `owner from ${claimText(c.claim)}: counted for you as the host counts it, not proven yours (ds01 will not stop or retire it)`;
  if (c.ownerEvidence)
    return `owner from its ${c.ownerEvidence}${c.ownerEvidence === 'cgroup parent' ? '' : ' label'} only (no uid in its name or Config.User)`;
  return null;
}
