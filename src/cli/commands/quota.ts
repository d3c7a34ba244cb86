// `ds01 quota [--json]`: my home's disk use against my quota, as the host's quota-check reads it (quota -u,
// else the size of my home), with the warning at 90%. Each reading has a time limit (DS01_QUOTA_TIMEOUT_S, 20).
import { diskWarning } from '../../core/disk-quota/use';
import { formatBytes } from '../../core/format';
import { readDiskUse } from '../../host/disk-quota/read';
import { resolveUser } from '../../host/users/identity';
import { quotaJson } from '../../core/cli-contracts/quota';
import { JSON_OPTION, USER_OPTION } from '../args';
import { defineCommand } from '../command';
import { writeJson } from '../json-output';
import { paint } from '../render';

export const quota = defineCommand({
  usage: 'ds01 quota [--user U] [--json]',
  options: { ...JSON_OPTION, ...USER_OPTION },
  json: quotaJson,
  async run(args) {
    const user = resolveUser({ user: args.flags.user, action: 'read the disk use of' });
    const seconds = Number(process.env.DS01_QUOTA_TIMEOUT_S ?? 20);
    const use = await readDiskUse(user.name, { timeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 20) * 1000 });
    const warning = diskWarning(use);
    if (args.flags.json === true) {
      writeJson(quotaJson, { ok: true, user: user.name, ...use, warning });
      return 0;
    }
    const used = use.usedBytes === null ? 'unknown' : formatBytes(use.usedBytes);
    const pct = use.percent === null ? '' : ` (${use.percent}%)`;
    const line = `${use.source === 'quota' ? `Disk quota on ${use.where}` : `Home ${use.where}`}: ${used} of ${formatBytes(use.limitBytes)}${pct}`;
    process.stdout.write(
      `${warning ? paint(line, 'red') : line}\n  ${use.note ?? ''}${use.source === 'home-size' ? ` (${use.quota})` : ''}\n${warning ? `${paint(`Warning: ${warning}.`, 'yellow')} Find what is large with: du -sh ~/* | sort -h | tail\n` : ''}`,
    );
    return 0;
  },
});
