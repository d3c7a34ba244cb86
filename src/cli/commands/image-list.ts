// `ds01 image list [--json]`: your images (ds01-<uid>/…) with size, age, framework and the containers using them.
import { formatAge } from '../../core/age';
import { loadActor } from '../../host/containers';
import { listUserImages } from '../../host/images';
import { stringFlag, type ParsedArgs } from '../args';
import { withJsonProblems, writeJson } from '../json-output';
import { paint } from '../render';
import type { CliCommand } from './index';

export const imageList: CliCommand = {
  run: (args: ParsedArgs) => withJsonProblems(args.flags.json === true, async () => {
    const ctx = loadActor({ configFile: stringFlag(args, 'config'), user: stringFlag(args, 'user'), action: 'list the images of' });
    const rows = await listUserImages(ctx.engine, ctx.user);
    if (args.flags.json === true) {
      writeJson({ ok: true, images: rows.map((r) => ({ ...r, created: r.created.toISOString() })) });
      return 0;
    }
    const now = new Date();
    const lines = rows.map((r) => [r.name, `${(r.sizeBytes / 2 ** 20).toFixed(0)} MiB`, formatAge(r.created, now), r.framework ?? '-', r.containers.join(',') || '-']);
    const header = ['IMAGE', 'SIZE', 'AGE', 'FRAMEWORK', 'CONTAINERS'];
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
    process.stdout.write(rows.length ? `${[paint(fmt(header), 'bold'), ...lines.map(fmt)].join('\n')}\n` : `No images of yours (ds01-${ctx.user.uid}/…). Build one: ds01 image build [DIR]\n`);
    return 0;
  }),
};
