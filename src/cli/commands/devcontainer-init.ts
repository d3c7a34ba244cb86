// `ds01 devcontainer init [DIR] [--image IMG | --framework F] [--gpus N] [--force] [--json]`: writes
// DIR/.devcontainer/devcontainer.json as the host's `devcontainer init` does, with a GPU count within the
// per-container cap; an existing file is left alone unless --force (then kept as devcontainer.json.bak).
import { devcontainerText, FRAMEWORK_IMAGES } from '../../core/devcontainer';
import { problem } from '../../core/problem';
import { limitsOrWhy } from '../../host/devcontainer/context';
import { initChoices } from '../../host/devcontainer/init';
import { projectFolder, writeDevcontainer } from '../../host/devcontainer/write';
import { resolveUser } from '../../host/users/identity';
import { devcontainerInitJson } from '../../core/cli-contracts/devcontainer';
import { JSON_OPTION, CONFIG_OPTION, optionalPositional } from '../args';
import { defineCommand } from '../command';
import { writeJson } from '../json-output';
import { paint } from '../render';
import { wrap } from '../wrap';
import { formatGpuCount } from '../../core/format';

export const devcontainerInit = defineCommand({
  usage: 'ds01 devcontainer init [DIR] [--gpus N] [--image IMG | --framework F] [--force] [--config FILE] [--json]',
  options: { ...JSON_OPTION, ...CONFIG_OPTION, gpus: { type: 'string' }, image: { type: 'string' }, framework: { type: 'string' }, force: { type: 'boolean' } },
  json: devcontainerInitJson,
  async run(args) {
    const dir = optionalPositional(
      args.positionals,
      'devcontainer init',
      'one folder',
      'ds01 devcontainer init [DIR] [--gpus N] [--image IMG | --framework F] [--force]',
    );
    const folder = projectFolder(dir ?? '.');
    const image = args.flags.image;
    const framework = args.flags.framework;
    if (image && framework)
      throw problem('usage', '--image and --framework both given.', 'Give one: --image for an image of your own, --framework for a DS01 base image.');
    const gpusFlag = args.flags.gpus;
    const gpus = gpusFlag === undefined ? undefined : /^\d+$/.test(gpusFlag) ? Number(gpusFlag) : NaN;
    if (Number.isNaN(gpus)) throw problem('usage', `--gpus ${gpusFlag} is not a GPU count.`, 'Give a whole number: 0 for none, 1 or more.');
    const user = resolveUser();
    const limits = limitsOrWhy(user, process.env, args.flags.config);
    const { choices, cap } = initChoices({ folder, image, framework, gpus }, user, limits);
    const written = writeDevcontainer(folder, devcontainerText(choices), { force: args.flags.force === true });
    const source = 'image' in choices.source ? { image: choices.source.image, dockerfile: null } : { image: null, dockerfile: choices.source.dockerfile };
    const capValue = 'max' in cap ? cap.max : null;
    if (args.flags.json === true) {
      writeJson(devcontainerInitJson, {
        path: written.path,
        backup: written.backup,
        ...source,
        gpus: choices.gpus,
        perContainerCap: capValue,
        perContainerCapWhy: 'unknown' in cap ? cap.unknown : capValue === null ? 'no cap in your limits' : null,
      });
      return 0;
    }
    const what = source.image ? `image ${source.image}` : `built from ${source.dockerfile}`;
    const gpuText = formatGpuCount(choices.gpus);
    const capText =
      'unknown' in cap ? `your cap is not known: ${cap.unknown}` : cap.max === null ? 'no per-container cap' : `your per-container cap is ${cap.max}`;
    const lines = [
      `${paint('Wrote', 'green')} ${written.path}${written.backup ? ` (the old one is ${written.backup})` : ''}`,
      wrap(`  ${what}; ${gpuText} (${capText}); runs as ${choices.uid}:${choices.gid}; stops when VS Code closes.`, '    '),
      wrap(`  Next: open ${folder} in VS Code and run "Dev Containers: Reopen in Container".`, '    '),
    ];
    if (!source.image && !framework && !image)
      lines.push(paint(wrap(`  (--framework ${Object.keys(FRAMEWORK_IMAGES).join('|')} or --image IMG to use a base image instead)`, '    '), 'dim'));
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});
