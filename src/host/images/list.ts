// The user's own images (`ds01-<uid>/…`) with the containers that use them; other users' are never listed,
// and remove touches only the user's own, refused while a container uses it.
import { isOwnImageTag, projectImage, projectOfTag } from '../../core/images/name';
import { IMAGE_LABEL } from '../../core/images/labels';
import type { UserAsOwner } from '../../core/model';
import { ownedBy } from '../../core/containers/ownership';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';
import { engineStatus } from '../engine/errors';

export interface ImageRow {
  name: string;
  id: string;
  project: string;
  sizeBytes: number;
  created: Date;
  /** The ds01.framework label, null when the image has none. */
  framework: string | null;
  /** Display names of the user's containers using it (any state). */
  containers: string[];
}

export async function listUserImages(engine: Engine, user: UserAsOwner & { uid: number }): Promise<ImageRow[]> {
  const [images, containers] = await Promise.all([engine.listImages(), engine.listDs01Containers()]);
  const mine = containers.filter((c) => ownedBy(c, user));
  return images
    .flatMap((i) =>
      i.tags
        .filter((t) => isOwnImageTag(t, user.uid))
        .map((tag) => ({
          name: tag,
          id: i.id,
          project: projectOfTag(tag),
          sizeBytes: i.sizeBytes,
          created: i.created,
          framework: i.labels[IMAGE_LABEL.framework] ?? null,
          containers: mine.filter((c) => c.image === tag || c.imageId === i.id).map((c) => c.displayName),
        })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

export interface RemovedImage {
  name: string;
  id: string;
}

/** NAME is a project (`my-project`) or the full `ds01-<uid>/my-project:latest`. */
export async function removeUserImage(engine: Engine, user: UserAsOwner & { uid: number }, name: string): Promise<RemovedImage> {
  const tag = name.includes('/') ? (name.includes(':') ? name : `${name}:latest`) : projectImage(name, user.uid);
  if (!isOwnImageTag(tag, user.uid)) {
    throw problem('not-owner', `${tag} is not one of your images: only ds01-${user.uid}/… images are yours to remove.`, 'List yours with: ds01 image list');
  }
  const found = await engine.findImage(tag);
  if (!found) throw problem('not-found', `You have no image ${tag}.`, 'List yours with: ds01 image list');
  const id = found.id;
  const users = await engine.listContainers({ image: id });
  if (users.length > 0) {
    const own = await engine.listDs01Containers();
    const names = users.map((c) => {
      const known = own.find((o) => o.id === c.Id);
      return known && ownedBy(known, user) ? known.displayName : 'a container of another user';
    });
    throw problem(
      'image-in-use',
      `${tag} is used by ${[...new Set(names)].join(', ')}: removing it is refused.`,
      `Retire ${names.length === 1 ? 'that container' : 'those containers'} first (ds01 container retire NAME), then remove the image.`,
    );
  }
  try {
    await engine.removeImage(tag);
  } catch (err) {
    if (engineStatus(err) === 409)
      throw problem('image-in-use', `The engine refused to remove ${tag}: ${(err as Error).message}`, 'Retire the containers using it first.');
    throw err;
  }
  return { name: tag, id };
}
