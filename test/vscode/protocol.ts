// What the launcher (node, outside) and the suite (extension host, inside) agree on.
// The launcher hands values to the suite as environment variables of code-server's process, which the
// extension host inherits; the suite asks the browser side for things by console lines the launcher reads.

/** Path where the suite writes its SuiteResult as JSON. */
export const RESULT_FILE_ENV = 'DS01_TEST_RESULT';
/** Folder where the launcher writes the screenshots the suite asks for. Unset: no browser side. */
export const SCREENSHOT_DIR_ENV = 'DS01_SCREENSHOT_DIR';
/** JSON object of every variable the launcher set for code-server on purpose, so the suite can check them. */
export const EXPECTED_ENV_ENV = 'DS01_TEST_EXPECTED_ENV';
/** Folder of the extension as code-server installed it from the .vsix (launcher --vsix); unset: the repo is loaded. */
export const INSTALLED_EXTENSION_ENV = 'DS01_TEST_INSTALLED_EXTENSION';
/** The repository (fixtures, scripts, dist/cli.js), for tests that run from inside the installed extension. */
export const REPO_ENV = 'DS01_TEST_REPO';
/** Prefix of a console line carrying a BrowserRequest as JSON. */
export const BROWSER_REQUEST_PREFIX = 'ds01-browser-request ';

export interface BrowserRequest {
  /**
   * screenshot: write a PNG; click: click `selector` (e.g. a modal dialog's button), then write a marker file;
   * read: write the elements matching `selector` as JSON (ReadElement[]), after the hover and the wait.
   */
  action: 'screenshot' | 'click' | 'read';
  /** Plain file name (no folders), written into the screenshot folder; for a click, the marker. */
  file: string;
  /** CSS selector (playwright syntax) to click, for action 'click'. */
  selector?: string;
  /** CSS selector to hover before the shot, e.g. a status bar item, to show its tooltip. */
  hover?: string;
  /** Wait after hovering or before the shot, for tooltips and animations. */
  waitMs?: number;
}

/** What a 'read' request gives per matching element: what a user sees of it. */
export interface ReadElement {
  text: string;
  /** Its text is cut off (wider than the element shows). */
  cutOff: boolean;
  visible: boolean;
}

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed';
  ms: number;
  error?: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  tests: TestOutcome[];
}

export function isPlainFileName(name: string): boolean {
  return /^[\w.-]+$/.test(name) && !name.startsWith('.');
}
