// Live use on the container rows (issue 22): engine calls and CPU over a window with 5 running containers,
// as the extension's StatsWatch does it while the view is visible (one stats stream per container, the rows
// redrawn from the latest answers), against polling one stats answer per container every 2 s, and hidden
// (no stream). Also dockerd's own CPU in each window (its pid from $DS01_ENGINE_DIR/dockerd.pid, when readable).
// Run: eval "$(scripts/engine.sh start)" && npx tsx bench/container-stats.bench.ts   (DS01_BENCH_SECONDS, default 60)
import { readFileSync } from 'node:fs';
import { statsFromEngine } from '../src/core/container-stats/stats';
import { statsRowText } from '../src/core/container-stats/text';
import { connectEngine } from '../src/host/engine';
import { testDocker } from '../test/engine/helpers';

const IMAGE = 'ds01-test/busybox:latest';
const RUN = `bench${process.pid}`;
const SECONDS = Number(process.env.DS01_BENCH_SECONDS ?? 60);
const COUNT = 5;

function dockerdTicks(): number | null {
  try {
    const pid = readFileSync(`${process.env.DS01_ENGINE_DIR}/dockerd.pid`, 'utf8').trim();
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return null;
  }
}

async function window(engine: ReturnType<typeof connectEngine>, run: (ids: string[]) => () => void, ids: string[]): Promise<string[]> {
  const calls0 = Object.values(engine.calls).reduce((a, b) => a + b, 0);
  const cpu0 = process.cpuUsage();
  const d0 = dockerdTicks();
  const stop = run(ids);
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  stop();
  const calls = Object.values(engine.calls).reduce((a, b) => a + b, 0) - calls0;
  const cpu = process.cpuUsage(cpu0);
  const d1 = dockerdTicks();
  const perMin = 60 / SECONDS;
  return [
    String(Math.round(calls * perMin)),
    (((cpu.user + cpu.system) / 1000) * perMin).toFixed(0),
    d0 === null || d1 === null ? '-' : String(Math.round((d1 - d0) * 10 * perMin)),
  ];
}

async function main(): Promise<void> {
  const engine = connectEngine();
  const made = await Promise.all(
    Array.from({ length: COUNT }, (_, i) =>
      testDocker().createContainer({
        name: `${RUN}-c${i}`,
        Image: IMAGE,
        Cmd: ['sleep', '100000'],
        Labels: { 'ds01-test.run': RUN },
        HostConfig: { NetworkMode: 'none' },
      }),
    ),
  );
  await Promise.all(made.map((c) => c.start()));
  const ids = made.map((c) => c.id);
  let answers = 0;
  let redraws = 0;
  const latest = new Map<string, string>();
  const rows: string[][] = [];
  try {
    rows.push([
      'visible: one stream per container',
      ...(await window(
        engine,
        (list) => {
          const stops = list.map((id) =>
            engine.statsStream(
              id,
              (s) => {
                answers++;
                latest.set(id, statsRowText(statsFromEngine(s)));
              },
              () => undefined,
            ),
          );
          const timer = setInterval(() => {
            redraws++;
          }, 2000);
          return () => {
            clearInterval(timer);
            for (const s of stops) s();
          };
        },
        ids,
      )),
      String(Math.round((answers * 60) / SECONDS)),
    ]);
    let polled = 0;
    rows.push([
      'polling one answer per container every 2 s',
      ...(await window(
        engine,
        (list) => {
          let busy = false;
          const timer = setInterval(() => {
            if (busy) return;
            busy = true;
            void Promise.all(
              list.map((id) =>
                engine.statsOnce(id).then((s) => {
                  polled++;
                  latest.set(id, statsRowText(statsFromEngine(s)));
                }),
              ),
            ).finally(() => {
              busy = false;
            });
          }, 2000);
          return () => clearInterval(timer);
        },
        ids,
      )),
      String(Math.round((polled * 60) / SECONDS)),
    ]);
    rows.push(['hidden (or window not focused): no stream', ...(await window(engine, () => () => undefined, ids)), '0']);
  } finally {
    await Promise.all(made.map((c) => c.remove({ force: true })));
  }
  console.log(
    `${COUNT} running containers, ${SECONDS} s window, figures per minute; rows redrawn ${Math.round((redraws * 60) / SECONDS)} times a minute while visible\n`,
  );
  console.log('| mode | engine calls | our CPU ms | dockerd CPU ms | stats answers |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
