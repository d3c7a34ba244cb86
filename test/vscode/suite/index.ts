// Runs inside VS Code's extension host (extensionTestsPath). The host calls run() and reports its
// outcome to the workbench, which calls window.codeAutomationExit(0|1); the launcher exits with that.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULT_FILE_ENV, type SuiteResult, type TestOutcome } from '../protocol';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // Tests that need the browser side (screenshots) carry @browser; desktop VS Code has no such side.
  const grep = process.env.DS01_TEST_GREP;
  if (grep) mocha.grep(grep);
  if (process.env.DS01_TEST_GREP_INVERT === '1') mocha.invert();
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const outcomes: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', ms: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => outcomes.push({ title: t.fullTitle(), state: 'failed', ms: t.duration ?? 0, error: String(err?.stack ?? err) }));
  });
  const result: SuiteResult = {
    passed: outcomes.filter((o) => o.state === 'passed').length,
    failed: failures,
    tests: outcomes,
  };
  const resultFile = process.env[RESULT_FILE_ENV];
  if (resultFile) writeFileSync(resultFile, JSON.stringify(result, null, 2));
  console.log(`ds01-vscode-suite: ${result.passed} passing, ${result.failed} failing`);
  if (failures > 0) throw new Error(`${failures} test(s) failed`);
}
