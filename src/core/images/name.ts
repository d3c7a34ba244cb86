// Project and image names: a project's image is the host's `ds01-<uid>/<project>:latest` (image-create).
import { userImageName } from '../containers/name';
import { problem } from '../problem';

/** One path component of Docker's reference grammar (distribution/reference). */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const MAX_PROJECT_LENGTH = 64;

/** A folder's name made into a project name the way image-create does (spaces to '-', lower case, only a-z 0-9 . _ -). */
export function projectNameFromFolder(folder: string): string {
  return folder
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '')
    .replace(/^[._-]+|[._-]+$/g, '');
}

/** A name given with --name (or the folder's, once made one): refused unless Docker can tag it. */
export function validateProjectName(input: string, from: 'name' | 'folder' = 'name'): string {
  const name = from === 'folder' ? projectNameFromFolder(input) : input;
  const why =
    name.length === 0
      ? 'it is empty'
      : name.length > MAX_PROJECT_LENGTH
        ? `it is longer than ${MAX_PROJECT_LENGTH} characters`
        : !COMPONENT.test(name)
          ? 'Docker repository names are lower-case letters and digits, separated by single ".", "_", "__" or "-"'
          : null;
  if (why === null) return name;
  const what =
    from === 'folder'
      ? `The folder name ${JSON.stringify(input.slice(0, 80))} gives no image name`
      : `Image name ${JSON.stringify(input.slice(0, 80))} is refused`;
  throw problem('invalid-name', `${what}: ${why}.`, 'Pass one with --name, e.g. --name my-project (lower-case letters, digits, . _ -).');
}

export function projectImage(project: string, uid: number): string {
  return userImageName(project, uid);
}

/** `ds01-<uid>/` images are private to that user: never listed or touched for anyone else. */
export function isOwnImageTag(tag: string, uid: number): boolean {
  return tag.startsWith(`ds01-${uid}/`);
}

/** The project part of `ds01-<uid>/<project>:<tag>`. */
export function projectOfTag(tag: string): string {
  return tag.replace(/^ds01-\d+\//, '').replace(/:[^:/]*$/, '');
}
