// `ds01 devcontainer check [FILE|DIR] [--json]`: the findings the editor shows on a devcontainer.json, for
// each file Dev Containers would find in DIR (default: the current folder). Exit 1 when any is an error.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { checkDevcontainer, positionAt, type Finding } from '../../core/devcontainer';
import { problem } from '../../core/problem';
import { checkContextFor, limitsOrWhy } from '../../host/devcontainer/context';
import { devcontainerFiles, workspaceFolderOf } from '../../host/devcontainer/files';
import { resolveUser } from '../../host/users/identity';
import { devcontainerCheckJson, type DevcontainerCheckJson } from '../../core/cli-contracts/devcontainer';
import { JSON_OPTION, CONFIG_OPTION, optionalPositional } from '../args';
import { defineCommand } from '../command';
import { writeJson } from '../json-output';
import { paint } from '../render';
import { wrap } from '../wrap';
import { plural } from '../../core/format';

export const devcontainerCheck = defineCommand({
  usage: 'ds01 devcontainer check [FILE|DIR] [--config FILE] [--json]',
  options: { ...JSON_OPTION, ...CONFIG_OPTION },
  json: devcontainerCheckJson,
  async run(args) {
    const target = optionalPositional(args.positionals, 'devcontainer check', 'one FILE or folder', 'ds01 devcontainer check [FILE|DIR] [--json]');
    const files = devcontainerFiles(target ?? '.');
    const user = resolveUser();
    const limits = limitsOrWhy(user, process.env, args.flags.config);
    const results = files.map((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw problem('usage', `Cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, 'Name a devcontainer.json you can read.');
      }
      const context = checkContextFor({ user, limits, env: process.env, workspaceFolder: workspaceFolderOf(file) });
      return { file, text, context, findings: checkDevcontainer(text, context) };
    });
    const all = results.flatMap((r) => r.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    const warnings = all.filter((f) => f.severity === 'warning').length;
    const cap = results[0].context.gpuCap;
    if (args.flags.json === true) {
      writeJson(devcontainerCheckJson, {
        files: results.map((r) => ({ file: r.file, findings: r.findings.map((f) => toJson(r.text, f)) })),
        errors,
        warnings,
        perContainerCap: 'max' in cap ? cap.max : null,
        perContainerCapWhy: 'unknown' in cap ? cap.unknown : cap.max === null ? 'no cap in your limits' : null,
      });
    } else {
      const out: string[] = [];
      for (const r of results) {
        const name = relative(process.cwd(), r.file) || r.file;
        if (r.findings.length === 0) out.push(`${name}: ${paint('ready for DS01', 'green')}`);
        for (const f of r.findings) {
          const p = positionAt(r.text, f.span.offset);
          // Wrapped before painting, so escape codes do not count as columns.
          const head = wrap(`${name}:${p.line + 1}:${p.character + 1}: ${f.severity} ${f.message}`, '    ');
          out.push(head.replace(` ${f.severity} `, ` ${paint(f.severity, f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'dim')} `));
          out.push(wrap(`  ${f.fix}`, '    '));
        }
      }
      if ('unknown' in cap) out.push(paint(wrap(`GPU count not checked against your per-container cap: ${cap.unknown}.`), 'yellow'));
      out.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`);
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return errors > 0 ? 1 : 0;
  },
});

function toJson(text: string, f: Finding): DevcontainerCheckJson['files'][number]['findings'][number] {
  const start = positionAt(text, f.span.offset);
  const end = positionAt(text, f.span.offset + f.span.length);
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    fix: f.fix,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    quickFix: f.quickFix?.title ?? null,
  };
}
