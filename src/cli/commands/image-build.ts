// `ds01 image build [DIR] [--name NAME] [--dockerfile FILE] [--framework F] [--no-cache] [--json]`
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FRAMEWORKS, type Framework } from '../../core/images/dockerfile';
import { problem } from '../../core/problem';
import { loadActor } from '../../host/containers';
import { buildProjectImage, writeProjectDockerfile } from '../../host/images';
import { imageBuildJson } from '../../core/cli-contracts/images';
import { ACTOR_OPTIONS, optionalPositional } from '../args';
import { defineCommand } from '../command';
import { abortBuildOnSignals, buildEventWriter, maxContextBytes, withBuildFailures } from '../build-output';
import { jsonLine } from '../json-output';
import { paint } from '../render';

export const imageBuild = defineCommand({
  usage: 'ds01 image build [DIR] [--name NAME] [--dockerfile FILE] [--framework F] [--no-cache] [--json]',
  options: { ...ACTOR_OPTIONS, name: { type: 'string' }, dockerfile: { type: 'string' }, framework: { type: 'string' }, 'no-cache': { type: 'boolean' } },
  json: imageBuildJson,
  run: async (args) => {
    const json = args.flags.json === true;
    return withBuildFailures(json, async () => {
      const dir = optionalPositional(args.positionals, 'image build', 'one folder', 'ds01 image build [DIR] [--name NAME] (quote paths with spaces).');
      const folder = resolve(dir ?? process.cwd());
      const framework = parseFramework(args.flags.framework);
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'build images for' });
      const dockerfile = args.flags.dockerfile;
      if (framework && dockerfile === undefined && !existsSync(join(folder, 'Dockerfile'))) {
        const written = writeProjectDockerfile(folder, ctx.user, framework, { name: args.flags.name });
        if (!json)
          process.stderr.write(
            `Wrote ${written.path} (FROM ${written.baseImage}${written.packagesFrom ? `, ${written.packages.length} packages from ${written.packagesFrom}` : ''}): it is yours to edit.\n`,
          );
      }
      const abort = abortBuildOnSignals();
      const result = await buildProjectImage(
        ctx.engine,
        {
          folder,
          user: ctx.user,
          name: args.flags.name,
          dockerfile,
          framework: framework ?? undefined,
          noCache: args.flags['no-cache'] === true,
          maxBytes: maxContextBytes(),
          signal: abort.signal,
        },
        buildEventWriter(json),
      );
      if (json)
        process.stdout.write(
          jsonLine(imageBuildJson, {
            ok: true,
            image: result.image,
            id: result.id,
            project: result.project,
            dockerfile: result.dockerfile,
            steps: result.steps,
            contextBytes: result.contextBytes,
          }),
        );
      else
        process.stdout.write(
          `${paint('Built', 'green')} ${result.image} (${result.id.slice(7, 19)}) from ${result.dockerfile}.\n  Launch it: ds01 project launch ${folder}\n`,
        );
      return 0;
    });
  },
});

function parseFramework(value: string | undefined): Framework | null {
  if (value === undefined) return null;
  if ((FRAMEWORKS as readonly string[]).includes(value)) return value as Framework;
  throw problem(
    'usage',
    `--framework must be one of ${FRAMEWORKS.join(', ')}, got ${JSON.stringify(value)}.`,
    'e.g. --framework pytorch (a DS01 Dockerfile is written where the folder has none).',
  );
}
