// Deploy and retire steps as progress lines on stderr ("[2/5] <step title>"), titles from core.
import type { ProgressReport } from '../core/containers/steps';
import { paint } from './render';

export function stderrProgress<S extends string>(report: ProgressReport<S>): void {
  process.stderr.write(`${paint(`[${report.index}/${report.total}]`, 'dim', process.stderr)} ${report.title}${report.detail ? `: ${report.detail}` : ''}\n`);
}
