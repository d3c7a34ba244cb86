// `ds01 gpu-reader [--interval S] [--out FILE] [--once]`: for administrators, run as root by
// ds01-gpu-reader.service. Reads nvidia-smi every S seconds (default 3) and replaces FILE (default
// /run/ds01/gpu-reading.json) with the reading, so every user's `ds01` and VS Code window on the host reads that
// file instead of starting nvidia-smi: one run per interval for the host, not one per reader.
import { DEFAULT_HOST_READING } from '../../host/nvidia-smi/reading-cache';
import { checkReadingFolder, writeHostReading } from '../../host/nvidia-smi/reader-service';
import { NvidiaSmiRunner } from '../../host/nvidia-smi/run';
import { resolveHostPaths } from '../../host/paths';
import { problem } from '../../core/problem';
import { defineCommand } from '../command';
import { renderProblem } from '../render';

export const gpuReader = defineCommand({
  usage: 'ds01 gpu-reader [--interval S] [--out FILE] [--once]',
  options: { interval: { type: 'string' }, out: { type: 'string' }, once: { type: 'boolean' } },
  async run(args) {
    const seconds = Number(args.flags.interval ?? '3');
    if (!Number.isFinite(seconds) || seconds < 0.5 || seconds > 300) {
      throw problem('usage', `--interval ${args.flags.interval} is not a number of seconds from 0.5 to 300.`, 'Use e.g. --interval 3.');
    }
    const file = args.flags.out ?? DEFAULT_HOST_READING;
    const folder = checkReadingFolder(file);
    const runner = new NvidiaSmiRunner({ command: resolveHostPaths(process.env).nvidiaSmi });
    let lastProblem = '';
    for (;;) {
      const started = Date.now();
      const reading = await writeHostReading(folder, runner);
      // A failing nvidia-smi is written for clients to show; the journal gets it once, not every interval.
      const said = reading.problem ? renderProblem(reading.problem) : '';
      if (said !== lastProblem && said) process.stderr.write(said);
      lastProblem = said;
      if (args.flags.once === true) return reading.problem ? 1 : 0;
      await new Promise((r) => setTimeout(r, Math.max(0, started + seconds * 1000 - Date.now())));
    }
  },
});
