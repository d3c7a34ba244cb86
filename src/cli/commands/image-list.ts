// `ds01 image list [--json]`: your images (ds01-<uid>/…) with size, age, framework and the containers using them.
import { formatAge } from '../../core/age';
import { loadActor } from '../../host/containers';
import { listUserImages } from '../../host/images';
import { imageListJson } from '../../core/cli-contracts/images';
import { ACTOR_OPTIONS } from '../args';
import { defineCommand } from '../command';
import { withJsonProblems, writeJson } from '../json-output';
import { renderTable } from '../render';

export const imageList = defineCommand({
  usage: 'ds01 image list [--json]',
  options: ACTOR_OPTIONS,
  json: imageListJson,
  run: (args) =>
    withJsonProblems(args.flags.json, async () => {
      const ctx = loadActor({ configFile: args.flags.config, user: args.flags.user, action: 'list the images of' });
      const rows = await listUserImages(ctx.engine, ctx.user);
      if (args.flags.json === true) {
        writeJson(imageListJson, { ok: true, images: rows.map((r) => ({ ...r, created: r.created.toISOString() })) });
        return 0;
      }
      const now = new Date();
      const lines = rows.map((r) => [
        r.name,
        `${(r.sizeBytes / 2 ** 20).toFixed(0)} MiB`,
        formatAge(r.created, now),
        r.framework ?? '-',
        r.containers.join(',') || '-',
      ]);
      process.stdout.write(
        rows.length
          ? renderTable(['IMAGE', 'SIZE', 'AGE', 'FRAMEWORK', 'CONTAINERS'], lines)
          : `No images of yours (ds01-${ctx.user.uid}/…). Build one: ds01 image build [DIR]\n`,
      );
      return 0;
    }),
});
