import * as vscode from 'vscode';
import { formatAge } from '../../core/age';
import type { ImageRow } from '../../host/images';
import type { Ds01TreeItem } from './Ds01TreeItem';

/** One of the user's images: name, size, age; in use by which containers. */
export class ImageTreeItem extends vscode.TreeItem implements Ds01TreeItem {
  readonly id: string;

  constructor(
    readonly image: ImageRow,
    now: Date,
  ) {
    super(image.name, vscode.TreeItemCollapsibleState.None);
    this.id = `image/${image.name}`;
    this.iconPath = new vscode.ThemeIcon('package');
    const used = image.containers.length ? ` · used by ${image.containers.join(', ')}` : '';
    this.description = `${(image.sizeBytes / 2 ** 20).toFixed(0)} MiB · ${formatAge(image.created, now)}${used}`;
    this.tooltip = `${image.name}\nframework: ${image.framework ?? 'not labelled'}\nbuilt ${image.created.toISOString()}`;
    this.contextValue = image.containers.length ? 'ds01.image.used' : 'ds01.image.unused';
  }
}
