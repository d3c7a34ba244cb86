// The files an image is made from, with their modification times: the Dockerfile and the dependency files present.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEPENDENCY_FILES } from '../../core/images/dependencies';
import type { SourceFile } from '../../core/images/staleness';

export function sourceFiles(root: string, dockerfile: string): SourceFile[] {
  return [dockerfile, ...DEPENDENCY_FILES].flatMap((path) => {
    const abs = join(root, path);
    if (!existsSync(abs)) return [];
    return [{ path, modifiedMs: statSync(realpathSync(abs)).mtimeMs }];
  });
}
