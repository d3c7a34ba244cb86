// How the host's enforcement scripts classify a container, rule for rule as their get_container_type and
// get_container_owner do it (check-idle-containers.sh, enforce-max-runtime.sh, cleanup-stale-containers.sh),
// and how the GPU allocator's release-stale names its interface (gpu_allocator_v2.py).

/** What the host prints for a label a container does not have (Go template `index` on a missing key). */
const NO_VALUE = '<no value>';

/** The engine's label map as `docker inspect --format '{{json .Config.Labels}}'` prints it. */
function labelsJson(labels: Record<string, string> | null): string {
  return labels === null ? 'null' : JSON.stringify(labels);
}

/**
 * The scripts' get_container_type: `ds01.container_type` when set; else — by a text search of the labels'
 * JSON, so any key or value containing the words counts — the `ds01.interface` label (which may print
 * `<no value>` or ''), `atomic` for a `._.` name, `devcontainer`, `compose`, else `docker`.
 */
export function hostContainerType(labels: Record<string, string> | null, name: string): string {
  const type = labels?.['ds01.container_type'];
  if (type !== undefined && type !== '' && type !== NO_VALUE) return type;
  const json = labelsJson(labels);
  if (json.includes('ds01.interface')) return labels?.['ds01.interface'] ?? NO_VALUE;
  if (name.includes('._.')) return 'atomic';
  if (json.includes('devcontainer')) return 'devcontainer';
  if (json.includes('com.docker.compose')) return 'compose';
  return 'docker';
}

/** Types that get the owner's own limits; the scripts' `case` gives these the user's idle_timeout/max_runtime. */
export const OWN_LIMIT_TYPES: ReadonlySet<string> = new Set(['orchestration', 'atomic']);
/** Types that get `container_types.<type>`. Any other type falls to the scripts' hard-coded fallback. */
export const CONFIGURED_TYPES: ReadonlySet<string> = new Set(['devcontainer', 'compose', 'docker', 'unknown']);

/**
 * The scripts' get_container_owner: `ds01.user`, `aime.mlc.USER`, the user folder of
 * `devcontainer.local_folder` under /home, else the uid after `._.` (resolved with getent by the caller).
 */
export function hostOwner(labels: Record<string, string> | null, name: string): { user: string } | { uid: string } | null {
  const l = labels ?? {};
  if (l['ds01.user']) return { user: l['ds01.user'] };
  if (l['aime.mlc.USER']) return { user: l['aime.mlc.USER'] };
  const folder = l['devcontainer.local_folder'] ?? '';
  if (folder.startsWith('/home/')) return { user: folder.split('/')[2] ?? '' };
  if (/\._\./.test(name)) return { uid: name.split('.').pop() ?? '' };
  return null;
}

/**
 * The interface release-stale actually works with: gpu_allocator_v2.py's `_get_container_interface(container)`
 * runs `docker inspect --format ...` without the container, which always fails, and so always answers `docker`.
 * Its comments mean orchestration/api (by the `ds01.interface` label) to lose their GPU at the next run; the
 * host keeps it for gpu_hold_after_stop like any other. We predict what the host does (docs/host-differences.md).
 */
export function releaseStaleInterface(_labels: Record<string, string> | null, _name: string): string {
  return 'docker';
}

/**
 * gpu-state-reader.py `_get_container_interface`: what the host's GPU state shows per container: the interface
 * label (orchestration, atomic, api only), ds01.managed or a `._.` name (atomic), Dev Containers, Compose and
 * JupyterHub containers (`other`), else `docker`.
 */
export function stateReaderInterface(labels: Record<string, string> | null, name: string): string {
  const l = labels ?? {};
  const label = l['ds01.interface'] ?? '';
  if (label === 'orchestration' || label === 'atomic' || label === 'api') return label;
  if (l['ds01.managed'] === 'true' || name.includes('._.')) return 'atomic';
  if (name.startsWith('vscode-') || 'devcontainer' in l || l['devcontainer.metadata']) return 'other';
  if (l['com.docker.compose.project'] || l['com.docker.compose.service'] || (name.includes('_') && /_[123]$/.test(name))) return 'other';
  if (name.startsWith('jupyterhub-') || name.startsWith('jupyter-') || l['hub.jupyter.org/username']) return 'other';
  return 'docker';
}

/** Interfaces whose stopped GPU containers release-stale would remove at its next run, without a hold. */
export const NO_HOLD_INTERFACES: ReadonlySet<string> = new Set(['orchestration', 'api']);

/**
 * The scripts' container_has_gpu: the text of `{{.HostConfig.DeviceRequests}}` mentions nvidia or gpu.
 * A container given GPUs only through NVIDIA_VISIBLE_DEVICES (no device request) is not a GPU container to them.
 */
export function hostSeesGpu(
  deviceRequests: Array<{ Driver?: string; DeviceIDs?: string[] | null; Capabilities?: string[][] | null }> | null | undefined,
): boolean {
  return (deviceRequests ?? []).some((r) => {
    const text = [r.Driver ?? '', ...(r.DeviceIDs ?? []), ...(r.Capabilities ?? []).flat()].join(' ');
    return /nvidia|gpu/i.test(text);
  });
}
