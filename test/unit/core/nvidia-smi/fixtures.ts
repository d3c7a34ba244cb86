// Reads the recorded nvidia-smi answers in test/fixtures/nvidia-smi.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(__dirname, '../../../fixtures/nvidia-smi');

export function fixture(name: string): { xml: string; list: string } {
  return {
    xml: readFileSync(join(FIXTURE_DIR, `${name}.xml`), 'utf8'),
    list: readFileSync(join(FIXTURE_DIR, `${name}.L.txt`), 'utf8'),
  };
}
