// Is a built image older than the files it was built from? Compared by modification time, as project-launch
// asks the user to (the image's Created time against the Dockerfile and the dependency files).

export interface SourceFile {
  /** Relative to the project folder. */
  path: string;
  modifiedMs: number;
}

export interface Staleness {
  stale: boolean;
  /** The files changed after the image was built, newest first. */
  newer: string[];
}

export function imageStaleness(imageCreatedMs: number, sources: SourceFile[]): Staleness {
  const newer = sources
    .filter((s) => s.modifiedMs > imageCreatedMs)
    .sort((a, b) => b.modifiedMs - a.modifiedMs)
    .map((s) => s.path);
  return { stale: newer.length > 0, newer };
}
