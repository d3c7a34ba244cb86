// Which image a deploy uses: the one asked for, else the user's own `ds01-<uid>/NAME:latest`.
import { userImageName, validateImageName } from '../../core/containers/name';
import { problem } from '../../core/problem';
import type { Engine } from '../engine/connect';

const SHOWN_IMAGES = 12;

export async function resolveImage(engine: Engine, requested: string | undefined, name: string, uid: number): Promise<string> {
  const image = requested !== undefined ? validateImageName(requested) : userImageName(name, uid);
  if (await imageExists(engine, image)) return image;
  const usable = await usableImages(engine, uid);
  const list = usable.length
    ? ` Images you can use: ${usable.slice(0, SHOWN_IMAGES).join(', ')}${usable.length > SHOWN_IMAGES ? ', ...' : ''}.`
    : ' This engine has no images you can use.';
  const what = requested !== undefined ? `Image ${image} is not on this host.` : `No --image given and your own image ${image} does not exist.`;
  throw problem('image-missing', `${what}${list}`, 'Pick one with --image IMAGE (see docker images), or build ds01-<uid>/NAME:latest first.');
}

async function imageExists(engine: Engine, image: string): Promise<boolean> {
  return (await engine.findImage(image)) !== null;
}

/** Tagged images, without other users' private `ds01-<uid>/` images; the user's own first. */
export async function usableImages(engine: Engine, uid: number): Promise<string[]> {
  const images = await engine.listImages();
  const tags = images.flatMap((i) => i.tags);
  const own = `ds01-${uid}/`;
  const isOthers = (t: string) => /^ds01-\d+\//.test(t) && !t.startsWith(own);
  return [...new Set(tags.filter((t) => !isOthers(t)))].sort((a, b) => Number(!a.startsWith(own)) - Number(!b.startsWith(own)) || a.localeCompare(b));
}
