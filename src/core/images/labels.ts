// The labels every image we build carries: what the host's image-create writes into its Dockerfile
// (`LABEL maintainer=…`, test/engine/images oracle reads them from the host's script).
import type { KnownUser } from '../model';
import { dockerfileInstructions } from './dockerfile-lines';

export const IMAGE_LABEL = {
  maintainer: 'maintainer',
  maintainerId: 'maintainer.id',
  project: 'ds01.project',
  framework: 'ds01.framework',
  created: 'ds01.created',
  managed: 'ds01.managed',
} as const;

export interface ImageLabelInput {
  user: Pick<KnownUser, 'name' | 'uid'>;
  project: string;
  /** e.g. pytorch; `custom` for a Dockerfile the user wrote (image-create's name for its own base). */
  framework: string;
  now: Date;
}

export function imageLabels(input: ImageLabelInput): Record<string, string> {
  return {
    [IMAGE_LABEL.maintainer]: input.user.name,
    [IMAGE_LABEL.maintainerId]: String(input.user.uid),
    [IMAGE_LABEL.project]: input.project,
    [IMAGE_LABEL.framework]: input.framework,
    [IMAGE_LABEL.created]: isoSeconds(input.now),
    [IMAGE_LABEL.managed]: 'true',
  };
}

/** `date -Iseconds` as the host writes it, in UTC: 2026-12-07T06:15:00+00:00. */
export function isoSeconds(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The framework a Dockerfile names in its own `LABEL ds01.framework=…` (one we wrote), else null. */
export function frameworkInDockerfile(text: string): string | null {
  const m = /^\s*LABEL\s+.*\bds01\.framework\s*=\s*"?([A-Za-z0-9._-]+)"?/m.exec(text);
  return m ? m[1] : null;
}

/**
 * The user's Dockerfile carrying the labels. The classic builder commits a container for every LABEL instruction
 * (about 0.3 s each), so the pairs join the final stage's last LABEL where it has one (DS01's own Dockerfiles do);
 * otherwise they are one more instruction at the end. Line numbers stay those of the user's file either way.
 */
export function labelledDockerfile(text: string, labels: Record<string, string>): string {
  // Double-quoted Dockerfile words: backslash escapes, and `$` would be a variable.
  const pairs = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v).replace(/\$/g, '\\$')}`)
    .join(' ');
  const instructions = dockerfileInstructions(text);
  const finalStage = instructions.slice(instructions.map((i) => i.keyword).lastIndexOf('FROM') + 1);
  const label = [...finalStage].reverse().find((i) => i.keyword === 'LABEL');
  if (label) {
    const lines = text.split('\n');
    lines[label.endLine - 1] = `${lines[label.endLine - 1].replace(/\s+$/, '')} ${pairs}`;
    return lines.join('\n');
  }
  return `${text}${text.endsWith('\n') ? '' : '\n'}# Added by DS01: the host's image labels\nLABEL ${pairs}\n`;
}
