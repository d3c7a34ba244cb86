// DS01: Remove Image — one of the user's images (tree row or pick), after a confirmation; refused while a
// container uses it (the host module names which).
import * as vscode from 'vscode';
import { listUserImages, removeUserImage, type RemovedImage } from '../../host/images';
import type { Ds01Context } from '../context';
import type { ImageTreeItem } from '../tree/ImageTreeItem';

export async function removeImage(ctx: Ds01Context, arg?: ImageTreeItem | string): Promise<RemovedImage | undefined> {
  const { engine, user } = ctx.state;
  let name = typeof arg === 'string' ? arg : arg?.image.name;
  if (!name) {
    const rows = await listUserImages(engine, user);
    if (rows.length === 0) {
      void vscode.window.showInformationMessage('DS01: you have no images. Build one with "DS01: Build Image".');
      return undefined;
    }
    const pick = await ctx.prompter.pick(
      rows.map((r) => ({ label: r.name, description: r.containers.length ? `used by ${r.containers.join(', ')}` : undefined })),
      { title: 'DS01: Remove Image', step: 1, totalSteps: 1, placeholder: 'Image' },
    );
    if (!pick) return undefined;
    name = pick.label;
  }
  if (
    !(await ctx.prompter.confirm(`Remove ${name}?`, 'Containers made from it must be retired first; the image cannot be recovered (build it again).', 'Remove'))
  )
    return undefined;
  const removed = await removeUserImage(engine, user, name);
  ctx.log.info(`removed image ${removed.name}`);
  ctx.images.imagesChanged.fire();
  return removed;
}
