// Drives Debian chromium (via playwright-core) showing the workbench: console relay, screenshot requests, exit hook.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { BROWSER_REQUEST_PREFIX, isPlainFileName, type BrowserRequest } from './protocol';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Workbench {
  page: Page;
  /** Resolves with the code the workbench reports when the suite's run() settles (0 passed, 1 failed). */
  exitCode: Promise<number>;
  screenshot(file: string, request?: Omit<BrowserRequest, 'action' | 'file'>): Promise<string>;
  close(): Promise<void>;
}

export async function openWorkbench(options: {
  chromiumPath: string;
  url: string;
  screenshotDir: string;
  log: (line: string) => void;
  /** Relay every console line, including the workbench's own chatter listed in NOISE. */
  verbose?: boolean;
}): Promise<Workbench> {
  const browser: Browser = await chromium.launch({ executablePath: options.chromiumPath, headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let reportExit: (code: number) => void = () => {};
  const exitCode = new Promise<number>((r) => (reportExit = r));
  // Must exist before the workbench loads: it looks for the hook once, when the tests end.
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));

  mkdirSync(options.screenshotDir, { recursive: true });
  const screenshot = async (file: string, request: Omit<BrowserRequest, 'action' | 'file'> = {}): Promise<string> => {
    if (!isPlainFileName(file)) throw new Error(`screenshot name ${JSON.stringify(file)} must be a plain file name`);
    if (request.hover) await page.hover(request.hover, { timeout: 10_000 });
    if (request.waitMs) await page.waitForTimeout(request.waitMs);
    const path = join(options.screenshotDir, file);
    writeFileSync(`${path}.partial`, await page.screenshot());
    renameSync(`${path}.partial`, path);
    return path;
  };

  // A click answers what only the page can: a modal dialog. The marker file tells the suite it happened.
  const click = async (request: BrowserRequest): Promise<string> => {
    if (!isPlainFileName(request.file) || !request.selector) throw new Error('a click needs a plain marker file name and a selector');
    try {
      await page.click(request.selector, { timeout: 10_000 });
    } catch (err) {
      await screenshot(`${request.file}-failed.png`).catch(() => '');
      const dialog = await page
        .locator('.monaco-dialog-box')
        .first()
        .innerHTML({ timeout: 1000 })
        .catch(() => 'no .monaco-dialog-box');
      throw new Error(`${(err as Error).message.split('\n')[0]}; dialog: ${dialog.slice(0, 1500)}`, { cause: err });
    }
    const path = join(options.screenshotDir, request.file);
    writeFileSync(path, `clicked ${request.selector}\n`);
    return path;
  };

  // A read answers what only the page shows: a hover that is still up, a notification's buttons, a terminal's text.
  const read = async (request: BrowserRequest): Promise<string> => {
    if (!isPlainFileName(request.file) || !request.selector) throw new Error('a read needs a plain file name and a selector');
    if (request.hover) await page.hover(request.hover, { timeout: 10_000 });
    if (request.waitMs) await page.waitForTimeout(request.waitMs);
    const found = await page.$$eval(request.selector, (els) =>
      els.map((e) => {
        const el = e as unknown as { innerText: string; scrollWidth: number; clientWidth: number; offsetWidth: number; offsetHeight: number };
        return { text: el.innerText, cutOff: el.scrollWidth > el.clientWidth + 1, visible: el.offsetWidth > 0 || el.offsetHeight > 0 };
      }),
    );
    const path = join(options.screenshotDir, request.file);
    writeFileSync(`${path}.partial`, JSON.stringify(found));
    renameSync(`${path}.partial`, path);
    return path;
  };

  const handled = new Set<string>();
  const onLine = (text: string) => {
    if (!options.verbose && NOISE.some((re) => re.test(text))) return;
    options.log(text);
    const request = parseRequest(text);
    // The workbench may print one extension-host line more than once; act on each file once.
    if (!request || handled.has(request.file)) return;
    handled.add(request.file);
    (request.action === 'click' ? click(request) : request.action === 'read' ? read(request) : screenshot(request.file, request)).then(
      (path) => options.log(`[launcher] screenshot ${path}`),
      (err: Error) => options.log(`[launcher] screenshot ${request.file} failed: ${err.message}`),
    );
  };
  // Formatting needs the arguments' values, which arrive asynchronously; the chain keeps the order.
  let lines = Promise.resolve();
  page.on('console', (msg) => {
    const formatted = formatConsoleMessage(msg);
    lines = lines.then(async () => onLine(await formatted));
  });
  page.on('pageerror', (err) => options.log(`[page error] ${err.message}`));

  await page.goto(options.url);
  const close = async () => {
    await browser.close().catch(() => {});
  };
  return { page, exitCode, screenshot, close };
}

// Workbench chatter with no bearing on the suite: sign-in probes of its agent host, and the gallery
// requests that the launcher points at a closed port on purpose.
const NOISE = [/^INFO \[(AgentHost|ChatModelSelection)/, /127\.0\.0\.1:\d+\/api\/extensionquery/, /queryRawGalleryExtensions/];

/**
 * Extension-host output reaches the page through the workbench's console logger, as
 * `console.log('%c INFO', css, ...originalArgs)`: drop the styled level prefix, format the rest as Node would.
 */
async function formatConsoleMessage(msg: ConsoleMessage): Promise<string> {
  try {
    const values = await Promise.all(msg.args().map((a) => a.jsonValue() as Promise<unknown>));
    if (typeof values[0] === 'string' && values[0].startsWith('%c') && typeof values[1] === 'string') {
      const level = values[0].slice(2).trim();
      const rest = values.slice(2);
      // Errors serialise to {name} only; their text (message and stack) is in msg.text().
      if (typeof rest[0] !== 'string') return `${level} ${msg.text().split(values[1]).slice(1).join(values[1]).trim()}`;
      return `${level} ${format(...rest)}`;
    }
    return typeof values[0] === 'string' ? format(...values) : msg.text();
  } catch {
    // Arguments of a message are gone once the page navigates; the plain text is still there.
    return msg.text();
  }
}

function parseRequest(text: string): BrowserRequest | undefined {
  const at = text.indexOf(BROWSER_REQUEST_PREFIX);
  if (at < 0) return undefined;
  const rest = text.slice(at + BROWSER_REQUEST_PREFIX.length);
  // Forwarded lines may carry a trailing source location; try the longest JSON object first.
  for (let end = rest.lastIndexOf('}'); end > 0; end = rest.lastIndexOf('}', end - 1)) {
    try {
      const value = JSON.parse(rest.slice(0, end + 1)) as BrowserRequest;
      return ['screenshot', 'click', 'read'].includes(value.action) && typeof value.file === 'string' ? value : undefined;
    } catch {
      // shorter candidate next
    }
  }
  return undefined;
}
