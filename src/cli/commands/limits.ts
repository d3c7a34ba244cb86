// `ds01 limits [--user U] [--json] [--config FILE]`: one user's resolved limits; no engine needed.
import type { LimitSet } from '../../core/model';
import { cgroupParentFor } from '../../core/containers/spec';
import { formatAmount, formatBytes, formatDuration } from '../../core/format';
import { readUserLimits } from '../../host/limits/config-files';
import { resolveUser } from '../../host/users/identity';
import { resolveHostPaths } from '../../host/paths';
import { ACTOR_OPTIONS } from '../args';
import { defineCommand } from '../command';
import { limitsJson } from '../../core/cli-contracts/limits';
import { writeJson } from '../json-output';
import { paint } from '../render';

export const limitsCommand = defineCommand({
  usage: 'ds01 limits [--user U] [--config FILE] [--json]',
  options: ACTOR_OPTIONS,
  json: limitsJson,
  async run(args) {
    const paths = resolveHostPaths(process.env, { config: args.flags.config });
    const user = resolveUser({ user: args.flags.user });
    const limits = readUserLimits(paths, user);
    if (args.flags.json === true) writeJson(limitsJson, limits);
    else process.stdout.write(renderLimits(limits, paths.configFile));
    return 0;
  },
});

function row(label: string, value: string): string {
  return `  ${label.padEnd(28)}${value}`;
}

export function renderLimits(l: LimitSet, configFile: string): string {
  const hostGpu = l.exempt
    ? paint(`allowed (exempt: ${l.exemptReason === 'grant-file' ? 'bare-metal grant' : 'exempt_users'})`, 'yellow')
    : 'blocked: GPU work runs in containers';
  const lines = [
    paint(`Limits for ${l.user}`, 'bold'),
    row('Group', l.group),
    row('Cgroup slice', cgroupParentFor(l)),
    row('Host GPU compute', hostGpu),
    '',
    paint('GPUs', 'bold'),
    row('Quota (GPU-equivalents)', formatAmount(l.gpus.maxEquivalents)),
    row('GPUs per container', formatAmount(l.gpus.maxPerContainer)),
    row('Full GPU', l.gpus.allowFullGpu ? 'allowed' : 'not allowed (MIG slices only)'),
    '',
    paint('Containers', 'bold'),
    row('Containers (stopped count)', formatAmount(l.containers.max)),
    row('CPUs per container', formatAmount(l.cpus)),
    row('Memory / swap', `${formatBytes(l.memoryBytes)} / ${formatBytes(l.memorySwapBytes)}`),
    row('Shared memory', formatBytes(l.shmBytes)),
    row('Processes', formatAmount(l.pidsLimit)),
    '',
    paint('Lifecycle', 'bold'),
    row('Stopped when idle for', formatDuration(l.lifecycle.idleTimeoutSeconds, 'never')),
    row(
      'Idle detection',
      `${l.lifecyclePolicies.idleDetectionWindow} hourly checks in a row (GPU < ${l.lifecyclePolicies.gpuIdleThresholdPercent}%, CPU < ${l.lifecyclePolicies.cpuIdleThresholdPercent}%)`,
    ),
    row('Maximum runtime', formatDuration(l.lifecycle.maxRuntimeSeconds)),
    row('GPU held after stop', formatDuration(l.lifecycle.gpuHoldAfterStopSeconds, 'until removed')),
    row('Removed after stop', formatDuration(l.lifecycle.containerHoldAfterStopSeconds, 'never')),
    '',
    paint(`Config: ${configFile}`, 'dim'),
  ];
  return `${lines.join('\n')}\n`;
}
