// Asks the launcher, which drives the browser showing this workbench, for a screenshot.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { join } from 'node:path';
import { BROWSER_REQUEST_PREFIX, SCREENSHOT_DIR_ENV, type BrowserRequest, type ReadElement } from '../protocol';

export function requestScreenshot(request: Omit<BrowserRequest, 'action'>, timeoutMs = 20_000): Promise<string> {
  return requestBrowser({ action: 'screenshot', ...request }, timeoutMs);
}

/** Clicks a selector in the page (a modal dialog's button) through the launcher; resolves once clicked. */
export function requestClick(selector: string, marker: string, timeoutMs = 20_000): Promise<string> {
  return requestBrowser({ action: 'click', selector, file: marker }, timeoutMs);
}

/**
 * What the page shows for a selector (text, cut off or not, visible), after an optional hover and wait:
 * the launcher reads the real DOM. `file` names the answer (unique per request).
 */
export async function requestRead(
  file: string,
  selector: string,
  options: { hover?: string; waitMs?: number } = {},
  timeoutMs = 40_000,
): Promise<ReadElement[]> {
  const path = await requestBrowser({ action: 'read', file, selector, ...options }, timeoutMs);
  return JSON.parse(readFileSync(path, 'utf8')) as ReadElement[];
}

// Toasts are not drawn in an extension test run; the notification center shows the same message and buttons.
export const NOTIFICATION_BUTTONS = '.notifications-center .notification-list-item-buttons-container .monaco-button';
export const NOTIFICATION_MESSAGES = '.notifications-center .notification-list-item-message';

/** The notification center's elements for a selector (its messages, its buttons), read off the page. */
export async function notificationCenter(file: string, selector: string): Promise<ReadElement[]> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    return await requestRead(file, selector, { waitMs: 800 });
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** Waits until the notification center shows a message matching `text` (each look is a read of the page). */
export async function notificationShown(file: string, text: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  for (let i = 0; Date.now() < deadline; i++) {
    seen = (await notificationCenter(`${i}-${file}`, NOTIFICATION_MESSAGES)).map((m) => m.text.trim());
    const found = seen.find((t) => text.test(t));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no notification ${text} within ${timeoutMs} ms; shown: ${JSON.stringify(seen)}`);
}

async function requestBrowser(request: BrowserRequest, timeoutMs: number): Promise<string> {
  const dir = process.env[SCREENSHOT_DIR_ENV];
  if (!dir) {
    throw new Error(`${SCREENSHOT_DIR_ENV} is not set: screenshots need the code-server launcher (test/vscode/run.sh)`);
  }
  const path = join(dir, request.file);
  // A file left by an earlier run in a kept folder must not pass for this one.
  rmSync(path, { force: true });
  console.log(BROWSER_REQUEST_PREFIX + JSON.stringify(request));
  const deadline = Date.now() + timeoutMs;
  // The launcher writes to a temporary name and renames, so an existing file is complete.
  while (!(existsSync(path) && statSync(path).size > 0)) {
    if (Date.now() > deadline) throw new Error(`no ${request.action} result at ${path} after ${timeoutMs} ms: is the launcher reading the console?`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return path;
}
