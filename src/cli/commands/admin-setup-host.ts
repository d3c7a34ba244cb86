// `ds01 admin setup-host [--systemd-dir DIR] [--json]`: for administrators, as root, once per host (and again to
// check). Lays out the shared part of the state folder (locks/, the allocation lock, gpu-queue.d: see
// src/host/allocation/host-layout.ts), installs the gpu-reader unit where systemd keeps units, and refuses, by
// name and with the command to remove it, anything unsafe found there. Exit 1 when anything was refused.
import { problem } from '../../core/problem';
import { setupHostLayout, type SetupStep } from '../../host/allocation/host-layout';
import { runningDs01, setupReaderUnit } from '../../host/allocation/reader-unit';
import { resolveHostPaths } from '../../host/paths';
import { setupHostJson } from '../../core/cli-contracts/admin';
import { JSON_OPTION } from '../args';
import { defineCommand } from '../command';
import { writeJson } from '../json-output';
import { paint } from '../render';

const WORD: Record<SetupStep['outcome'], string> = { made: 'made', ok: 'ok', refused: 'REFUSED', skipped: 'skipped' };

export const adminSetupHost = defineCommand({
  usage: 'ds01 admin setup-host [--systemd-dir DIR] [--json]',
  options: { ...JSON_OPTION, 'systemd-dir': { type: 'string' } },
  json: setupHostJson,
  async run(args) {
    if (process.geteuid?.() !== 0) {
      throw problem('usage', 'ds01 admin setup-host must run as root: it lays out folders every user relies on.', 'Run: sudo ds01 admin setup-host');
    }
    const { stateDir } = resolveHostPaths(process.env);
    const steps = [...setupHostLayout(stateDir), setupReaderUnit(args.flags['systemd-dir'] ?? '/etc/systemd/system', runningDs01())];
    const refused = steps.filter((s) => s.outcome === 'refused');
    if (args.flags.json === true) {
      writeJson(setupHostJson, { ok: refused.length === 0, stateDir, steps });
    } else {
      for (const s of steps) {
        const word = WORD[s.outcome].padEnd(8);
        process.stdout.write(
          `${s.outcome === 'refused' ? paint(word, 'red') : word} ${s.path} (${s.what})${s.outcome === 'refused' ? '' : s.note ? `: ${s.note}` : ''}\n`,
        );
        if (s.outcome === 'refused') process.stdout.write(`         ${s.note}\n         Fix: ${s.fix}\n`);
      }
      process.stdout.write(
        refused.length ? `${refused.length} unsafe: GPU deploys stay refused until it is fixed.\n` : 'The host is set up for GPU deploys.\n',
      );
    }
    return refused.length ? 1 : 0;
  },
});
