// activate() hands its test API (internal parts, a settable clock) only to a test run. The in-VS Code suite runs
// in a test run and cannot see a user's window, so this pins activate's code path: the one place that builds the
// API is behind `context.extensionMode === vscode.ExtensionMode.Test`, and the clock of a user's window has no setter.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';
import { wallClock } from '../../../src/extension/lifecycle/clock';

const REPO = resolve(__dirname, '..', '..', '..');
const EXTENSION = join(REPO, 'src', 'extension', 'extension.ts');

function nodes(root: ts.Node): ts.Node[] {
  const all: ts.Node[] = [];
  const visit = (n: ts.Node) => {
    all.push(n);
    n.forEachChild(visit);
  };
  visit(root);
  return all;
}

function activateBody(): { file: ts.SourceFile; body: ts.Block } {
  const file = ts.createSourceFile(EXTENSION, readFileSync(EXTENSION, 'utf8'), ts.ScriptTarget.Latest, true);
  const activate = file.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === 'activate');
  assert.ok(activate?.body, 'extension.ts declares function activate');
  return { file, body: activate.body };
}

const isCallTo = (n: ts.Node, name: string) => ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name;

describe('the test API exists only in a test run', () => {
  it('activate builds it in one place, after returning undefined unless the extension runs in ExtensionMode.Test', () => {
    const { file, body } = activateBody();
    const builds = nodes(file).filter((n) => isCallTo(n, 'buildTestApi'));
    assert.equal(builds.length, 1, 'one call of buildTestApi in extension.ts');
    const returned = body.statements.findIndex((s) => ts.isReturnStatement(s) && s.expression === builds[0]);
    assert.ok(returned >= 0, 'activate returns buildTestApi(...) from its own body');

    // The variable that says "test run": initialised from the extension mode compared with ExtensionMode.Test.
    const gates = nodes(body).filter(
      (n): n is ts.VariableDeclaration =>
        ts.isVariableDeclaration(n) && !!n.initializer && /^context\.extensionMode === vscode\.ExtensionMode\.Test\b/.test(n.initializer.getText(file)),
    );
    assert.equal(gates.length, 1, 'one variable set from context.extensionMode === vscode.ExtensionMode.Test');
    const gate = gates[0].name.getText(file);

    const guard = body.statements
      .slice(0, returned)
      .findIndex(
        (s) =>
          ts.isIfStatement(s) &&
          s.expression.getText(file) === `!${gate}` &&
          ts.isReturnStatement(s.thenStatement) &&
          (!s.thenStatement.expression || s.thenStatement.expression.getText(file) === 'undefined'),
      );
    assert.ok(guard >= 0, `activate returns undefined when !${gate}, before it builds the test API`);
    const otherReturns = nodes(body).filter(
      (n) => ts.isReturnStatement(n) && n !== body.statements[returned] && !(n.parent === body.statements[guard]) && !isInsideNestedFunction(n, body),
    );
    assert.deepEqual(
      otherReturns.map((n) => n.getText(file)),
      [],
      'no other way out of activate',
    );
  });

  it("the settable clock is made only for a test run; a user's window gets the wall clock, which has no setter", () => {
    const { file, body } = activateBody();
    const made = nodes(body).filter((n) => ts.isNewExpression(n) && n.expression.getText(file) === 'SettableClock');
    assert.equal(made.length, 1);
    assert.match(made[0].parent.getText(file), /^context\.extensionMode === vscode\.ExtensionMode\.Test \? new SettableClock\(\) : null$/);
    assert.deepEqual(Object.keys(wallClock), ['now']);
    const before = Date.now();
    const now = wallClock.now().getTime();
    assert.ok(now >= before && now <= Date.now());
  });
});

function isInsideNestedFunction(n: ts.Node, body: ts.Block): boolean {
  for (let p = n.parent; p && p !== body; p = p.parent) {
    if (ts.isFunctionLike(p)) return true;
  }
  return false;
}
