// `ds01 image build [DIR] [--name NAME] [--dockerfile FILE] [--framework F] [--no-cache] [--json]`
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FRAMEWORKS, type Framework } from '../../core/images/dockerfile';
import { problem } from '../../core/problem';
import { loadActor } from '../../host/containers';
import { buildProjectImage, writeProjectDockerfile } from '../../host/images';
import { stringFlag, type ParsedArgs } from '../args';
import { abortOnSignals, buildEventWriter, failureTail, jsonFailureLine, maxContextBytes } from '../build-output';
import { paint } from '../render';
import type { CliCommand } from './index';

export const imageBuild: CliCommand = {
  run: async (args: ParsedArgs) => {
    const json = args.flags.json === true;
    try {
      if (args.positionals.length > 1) throw problem('usage', `ds01 image build takes one folder, got ${args.positionals.length}.`, 'Usage: ds01 image build [DIR] [--name NAME] (quote paths with spaces).');
      const folder = resolve(args.positionals[0] ?? process.cwd());
      const framework = parseFramework(args.flags.framework);
      const ctx = loadActor({ configFile: stringFlag(args, 'config'), user: stringFlag(args, 'user'), action: 'build images for' });
      const dockerfile = stringFlag(args, 'dockerfile');
      if (framework && dockerfile === undefined && !existsSync(join(folder, 'Dockerfile'))) {
        const written = writeProjectDockerfile(folder, ctx.user, framework, { name: stringFlag(args, 'name') });
        if (!json) process.stderr.write(`Wrote ${written.path} (FROM ${written.baseImage}${written.packagesFrom ? `, ${written.packages.length} packages from ${written.packagesFrom}` : ''}): it is yours to edit.\n`);
      }
      const abort = abortOnSignals();
      const result = await buildProjectImage(ctx.engine, {
        folder, user: ctx.user, name: stringFlag(args, 'name'), dockerfile, framework: framework ?? undefined,
        noCache: args.flags['no-cache'] === true, maxBytes: maxContextBytes(), signal: abort.signal,
      }, buildEventWriter(json));
      if (json) process.stdout.write(`${JSON.stringify({ ok: true, image: result.image, id: result.id, project: result.project, dockerfile: result.dockerfile, steps: result.steps, contextBytes: result.contextBytes })}\n`);
      else process.stdout.write(`${paint('Built', 'green')} ${result.image} (${result.id.slice(7, 19)}) from ${result.dockerfile}.\n  Launch it: ds01 project launch ${folder}\n`);
      return 0;
    } catch (err) {
      const line = json ? jsonFailureLine(err) : null;
      if (line) process.stdout.write(`${line}\n`);
      else failureTail(err);
      throw err;
    }
  },
};

function parseFramework(value: string | boolean | undefined): Framework | null {
  if (value === undefined) return null;
  if (typeof value === 'string' && (FRAMEWORKS as readonly string[]).includes(value)) return value as Framework;
  throw problem('usage', `--framework must be one of ${FRAMEWORKS.join(', ')}, got ${JSON.stringify(value === true ? '' : value)}.`, 'e.g. --framework pytorch (a DS01 Dockerfile is written where the folder has none).');
}
