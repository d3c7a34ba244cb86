// `ds01 project launch [DIR] [--name NAME] [--gpus N] [--wait [--wait-timeout S]] [--rebuild] [--json]`: the host's
// project-launch. The image is built when missing (when stale only with --rebuild; else it says so), the project's
// container reused (started if stopped) or deployed as `container deploy` does, the folder at /workspace.
import { resolve } from 'node:path';
import { loadContainerContext } from '../../host/containers';
import { launchProject } from '../../host/images';
import { projectLaunchJson } from '../../core/cli-contracts/images';
import { ACTOR_OPTIONS, optionalPositional } from '../args';
import { defineCommand } from '../command';
import { abortBuildOnSignals, buildEventWriter, maxContextBytes, withBuildFailures } from '../build-output';
import { jsonLine } from '../json-output';
import { paint } from '../render';
import { deployNow, deployWaiting, parseGpus, parseWaitTimeout } from './container-deploy';

export const projectLaunch = defineCommand({
  usage: 'ds01 project launch [DIR] [--name NAME] [--dockerfile FILE] [--gpus N] [--wait [--wait-timeout S]] [--rebuild] [--no-cache] [--json]',
  options: {
    ...ACTOR_OPTIONS,
    name: { type: 'string' },
    dockerfile: { type: 'string' },
    gpus: { type: 'string' },
    wait: { type: 'boolean' },
    'wait-timeout': { type: 'string' },
    rebuild: { type: 'boolean' },
    'no-cache': { type: 'boolean' },
  },
  json: projectLaunchJson,
  run: async (args) => {
    const json = args.flags.json === true;
    const say = (text: string) => {
      if (!json) process.stderr.write(`${text}\n`);
    };
    return withBuildFailures(json, async () => {
      const dir = optionalPositional(args.positionals, 'project launch', 'one folder', 'ds01 project launch [DIR] (quote paths with spaces).');
      const folder = resolve(dir ?? process.cwd());
      const gpus = parseGpus(args.flags.gpus);
      const waitTimeoutMs = parseWaitTimeout(args.flags['wait-timeout'], args.flags.wait);
      const ctx = await loadContainerContext({
        configFile: args.flags.config,
        user: args.flags.user,
        createdBy: 'cli',
        needInventory: gpus > 0,
        action: 'launch projects for',
      });
      const abort = abortBuildOnSignals();
      const result = await launchProject(
        ctx.engine,
        ctx.user,
        {
          folder,
          name: args.flags.name,
          dockerfile: args.flags.dockerfile,
          gpus,
          rebuild: args.flags.rebuild === true,
          noCache: args.flags['no-cache'] === true,
          maxBytes: maxContextBytes(),
          signal: abort.signal,
        },
        {
          onBuildEvent: buildEventWriter(json),
          rebuildStale: async (s) => {
            say(paint(`Note: ${s.image} is older than ${s.newer.join(', ')}; using it as it is (--rebuild rebuilds it).`, 'yellow', process.stderr));
            return false;
          },
          onStage: (stage, s) => {
            if (stage === 'building') say(`Building ${s.image}${s.imageState === 'missing' ? ' (not built yet)' : ''}…`);
            if (stage === 'reusing') say(`${s.container!.name} of this project is running: reusing it.`);
            if (stage === 'starting') say(`Starting ${s.container!.name}, this project's stopped container…`);
            if (stage === 'deploying') say(`Deploying ${s.project} from ${s.image}, ${s.folder} at /workspace…`);
          },
          deploy: (request) => (args.flags.wait === true ? deployWaiting(ctx, request, waitTimeoutMs) : deployNow(ctx, request)),
        },
      );
      if (json) {
        process.stdout.write(
          jsonLine(projectLaunchJson, {
            ok: true,
            project: result.state.project,
            image: result.state.image,
            built: result.built !== null,
            imageState: result.state.imageState,
            newer: result.state.newer,
            container: result.container,
            hostName: result.hostName,
            id: result.id,
            folder: result.state.folder,
          }),
        );
      } else {
        process.stdout.write(
          `${paint(result.container === 'deployed' ? 'Launched' : result.container === 'started' ? 'Started' : 'Running', 'green')} ${result.displayName} (${result.hostName}) from ${result.state.image}, ${result.state.folder} at /workspace.\n` +
            `  Terminal: docker exec -it -w /workspace ${result.hostName} bash    VS Code: "DS01: Open Folder in GPU Container"\n`,
        );
      }
      return 0;
    });
  },
});
