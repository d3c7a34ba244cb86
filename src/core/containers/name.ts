// Container and image names: validated here, before anything reaches the engine. No shell is ever involved,
// but names end up in labels, cgroup paths and terminals, so only Docker's own safe alphabet passes.
import { problem } from '../problem';

/** AIME/DS01 naming on the host: `<name>._.<uid>`. */
export const OWNER_SEPARATOR = '._.';
export const MAX_NAME_LENGTH = 64;

/** Lower-cases and turns spaces into '-', as the host's `container deploy` does; then checks Docker's rules. */
export function normalizeContainerName(input: string): string {
  const name = input.trim().toLowerCase().replace(/\s+/g, '-');
  const rule = brokenNameRule(name);
  if (rule)
    throw problem(
      'invalid-name',
      `Container name ${JSON.stringify(input.slice(0, 80))} is refused: ${rule}.`,
      'Use lower-case letters, digits, and . _ - (starting with a letter or digit), e.g. "my-project".',
    );
  return name;
}

function brokenNameRule(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name.length > MAX_NAME_LENGTH) return `it is longer than ${MAX_NAME_LENGTH} characters`;
  if (!/^[a-z0-9]/.test(name)) return 'it must start with a letter or digit';
  const bad = name.match(/[^a-z0-9_.-]/u);
  if (bad) return `character ${JSON.stringify(bad[0])} is not allowed (only a-z 0-9 . _ -)`;
  if (name.includes(OWNER_SEPARATOR)) return `it contains "${OWNER_SEPARATOR}", which the host uses to mark the owner`;
  if (name.includes('..')) return 'it contains ".."';
  return null;
}

export function hostContainerName(name: string, uid: number): string {
  return `${name}${OWNER_SEPARATOR}${uid}`;
}

/** The user's own image for a project, as the host names it. */
export function userImageName(name: string, uid: number): string {
  return `ds01-${uid}/${name}:latest`;
}

// Docker's reference grammar (distribution/reference), narrowed: [host[:port]/]path[:tag][@digest].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
// A first component is a registry host only with a dot, a port or as "localhost" (as Docker decides).
const LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOST = `(?:(?:${LABEL}(?:\\.${LABEL})+(?::[0-9]+)?|${LABEL}:[0-9]+|localhost)/)?`;
const IMAGE_RE = new RegExp(`^${HOST}${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

export function validateImageName(image: string): string {
  if (image.length > 255 || !IMAGE_RE.test(image)) {
    throw problem(
      'invalid-image',
      `Image name ${JSON.stringify(image.slice(0, 120))} is not a valid Docker image reference.`,
      'Use a name like "pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime" or "ds01-1000/my-project:latest".',
    );
  }
  return image;
}
