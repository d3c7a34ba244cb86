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

/** Every recorded host: the fixture hosts and the demo host, each with its four recordings. */
export const RECORDED_HOSTS: Array<{ name: string; file: (suffix: string) => string }> = [
  ...['a100x4-mig-off', 'a100x4-processes', 'a100x2-mig', 'a100x1-mig-empty'].map((name) => ({
    name,
    file: (suffix: string) => join(FIXTURE_DIR, `${name}${suffix}`),
  })),
  { name: 'demo', file: (suffix: string) => join(FIXTURE_DIR, '../../../demo', `nvidia-smi${suffix}`) },
];

export function recordings(host: { file: (suffix: string) => string }): { xml: string; list: string; gpus: string; apps: string } {
  const read = (suffix: string) => readFileSync(host.file(suffix), 'utf8');
  return { xml: read('.xml'), list: read('.L.txt'), gpus: read('.gpus.csv'), apps: read('.apps.csv') };
}
