// SPDX-License-Identifier: Apache-2.0
// What the dashboard's browser scripts share: the checks and their count, headless Debian chromium,
// a page that records dialogs and errors, reading the rows the page shows, the hostile name's
// checks, and the ending ("dashboard: all N checks passed", exit 0, or "FAIL: ...", exit 1).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const XSS_NAME = '<img src=x onerror=alert(1)>.txt';

let passed = 0;

/** Counts a check that holds and prints "ok <what>"; throws when it does not. */
export function check(ok, what, detail = '') {
  if (!ok) throw new Error(what + (detail ? ' (' + detail + ')' : ''));
  passed++;
  console.log('ok ' + what);
}

/** Headless Debian chromium, the screenshot folder made. */
export function launch(shots) {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/**
 * A page of a new context that records the dialogs opened (dismissed) and, while {@code
 * watch.console} holds, the console errors; page errors always.
 */
export async function watchedPage(browser, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const watch = { dialogs: [], consoleErrors: [], console: true };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('console', (message) => {
    if (watch.console && message.type() === 'error') watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.consoleErrors.push(String(error)));
  return { context, page, watch };
}

/** Every row the page shows, in the page's order: its id, kind, name, state, bar, stages, files. */
export function readRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('li.row')].map((node) => ({
      id: node.dataset.id,
      kind: node.dataset.kind,
      name: node.querySelector(':scope > .head > .name')?.textContent,
      state: node.dataset.state,
      stateText: node.querySelector(':scope > .head > .state')?.textContent,
      value: node.querySelector(':scope > .bar')?.getAttribute('aria-valuenow'),
      count: node.querySelector(':scope > .files-count')?.textContent,
      list: node.parentElement?.id,
      cancel: !!node.querySelector(':scope > .head > .cancel:not([hidden]):not([disabled])'),
      stages: [...node.querySelectorAll(':scope > .stages > .stage > .stage-line > .mark')].map((m) => m.textContent),
      files: [...node.querySelectorAll(':scope > .files > .file')].map((f) => f.dataset.state),
    })),
  );
}

/**
 * The hostile file name shows as text, no img came of it, no dialog opened; with {@code files}, the
 * page lists that many files.
 */
export async function checkHostileName(page, watch, files) {
  const xss = await page.evaluate((name) => {
    const names = [...document.querySelectorAll('.file > .name')].map((n) => n.textContent);
    return { shown: names.includes(name), images: document.querySelectorAll('img').length, files: names.length };
  }, XSS_NAME);
  if (files != null) check(xss.files === files, 'the page lists ' + files + ' files', String(xss.files));
  check(xss.shown, 'the file named ' + XSS_NAME + ' shows as that text');
  check(xss.images === 0, 'no img element came from it', String(xss.images));
  check(watch.dialogs.length === 0, 'no script ran (no dialog)', watch.dialogs.join(', '));
}

/** Runs {@code main}, then prints the count of checks passed and exits 0, or the failure and 1. */
export function run(main) {
  main().then(
    () => {
      console.log('dashboard: all ' + passed + ' checks passed');
      process.exit(0);
    },
    (error) => {
      console.log('FAIL: ' + (error && error.message ? error.message : error));
      console.log('dashboard: ' + passed + ' checks passed before the failure');
      process.exit(1);
    },
  );
}
