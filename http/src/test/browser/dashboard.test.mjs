// SPDX-License-Identifier: Apache-2.0
// Drives the dashboard in headless Debian chromium while DashboardBrowserTest's driver runs a file
// group, a staged operation and a slow transfer; with a token, the token flow on a slow transfer.
//
//   node dashboard.test.mjs <dashboard url> <screenshot folder> [token]
//
// Talks to its caller on standard output: prints "ready" once the page is live (the caller then
// starts the work), "stop-server" and "start-server" when the caller is to stop the server and
// start it again on the same port, one "ok ..." line per check, and last "dashboard: all N checks
// passed" (exit 0) or "FAIL: ..." (exit 1).
import { join } from 'node:path';
import { check, checkHostileName, launch, readRows, run, watchedPage } from './dashboard-common.mjs';

const [url, shots = 'screenshots', token = ''] = process.argv.slice(2);
const SLOW_NAME = 'slow feed';
const WAIT_MS = 90_000;

/** What the page shows now: the rows of the group, the operation and the slow transfer. */
async function read(page) {
  const rows = await readRows(page);
  return {
    group: rows.find((r) => r.kind === 'group'),
    operation: rows.find((r) => r.kind === 'operation'),
    slow: rows.find((r) => r.name === SLOW_NAME),
  };
}

/** Finds the slow transfer's row, clicks its Cancel and waits for "cancelled". */
async function cancelSlow(page) {
  const row = page.locator('li.row', { has: page.locator('.head > .name', { hasText: SLOW_NAME }) });
  await row.locator('.head > .cancel:not([hidden]):not([disabled])').click({ timeout: WAIT_MS });
  await page.waitForSelector('li.row[data-state="cancelled"]', { timeout: 20_000 });
  return row.locator('.head > .state').textContent();
}

/** The token flow: asked for, a wrong one refused, the right one live over a ticket, cancel. */
async function tokenFlow(browser) {
  const { context, page, watch } = await watchedPage(browser, { width: 1280, height: 700 });
  const requests = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('#auth:not([hidden])', { timeout: 20_000 });
  check(await page.locator('#token').getAttribute('type') === 'password', 'the page asks for the token in a password field');
  const tokenGiven = requests.length; // before it, the page tried the stream without one
  await page.fill('#token', token + '-wrong');
  await page.click('#auth button[type="submit"]');
  await page.waitForFunction(() => document.getElementById('auth-error').textContent !== '', null, { timeout: 20_000 });
  check(await page.locator('#auth').isVisible(), 'a wrong token is refused, the form asks again', await page.locator('#auth-error').textContent());
  await page.fill('#token', token);
  await page.click('#auth button[type="submit"]');
  await page.waitForSelector('#connection.live', { timeout: 20_000 });
  check(await page.locator('#auth').isHidden(), 'the right token: live, the form gone');
  console.log('ready');
  const state = await cancelSlow(page);
  check(state === 'cancelled', 'the slow transfer, seen live, is cancelled from its button', state);
  await page.screenshot({ path: join(shots, 'dashboard-token.png') });

  const urls = requests.map((r) => r.url());
  check(urls.every((u) => !u.includes(token) && !u.includes(encodeURIComponent(token))), 'the token is in no URL the page requested', urls.join(' '));
  const streams = urls.slice(tokenGiven).filter((u) => new URL(u).pathname.endsWith('/api/progress/stream'));
  check(streams.length > 0 && streams.every((u) => /[?&]ticket=[^&]+/.test(new URL(u).search)), 'with a token, the event stream is opened with a ticket', streams.join(' '));
  const cancels = requests.filter((r) => r.method() === 'POST' && /\/api\/progress\/\d+\/cancel$/.test(new URL(r.url()).pathname));
  check(cancels.length === 1 && cancels[0].headers()['authorization'] === 'Bearer ' + token, 'cancel is sent with the Bearer header');
  check(watch.consoleErrors.every((e) => !e.includes(token)), 'the token is in no console message');
  await context.close();
}

async function main() {
  if (!url) throw new Error('usage: node dashboard.test.mjs <dashboard url> <screenshot folder> [token]');
  const browser = await launch(shots);
  if (token) {
    try {
      await tokenFlow(browser);
    } finally {
      await browser.close();
    }
    return;
  }
  try {
    const { context, page, watch } = await watchedPage(browser, { width: 1280, height: 900 });
    const polled = []; // REST lists and look-ups: the stream alone is to keep the page current
    page.on('request', (request) => {
      const { pathname, search } = new URL(request.url());
      if (watch.console && request.method() === 'GET' && /\/api\/progress(\/\d+)?$/.test(pathname)) polled.push(pathname + search);
    });

    const response = await page.goto(url, { waitUntil: 'load' });
    const headers = response.headers();
    const csp = headers['content-security-policy'] ?? '';
    check(response.status() === 200, 'the page answers 200', String(response.status()));
    check(
      csp.includes("default-src 'none'") && csp.includes("script-src 'self'") && csp.includes("style-src 'self'"),
      'a strict Content-Security-Policy header',
      csp,
    );
    check(headers['x-content-type-options'] === 'nosniff', 'X-Content-Type-Options: nosniff');
    await page.waitForSelector('#connection.live', { timeout: 20_000 });
    check(await page.locator('#banner').isHidden(), 'live, and no disconnected banner');
    console.log('ready');

    // follow the work: bars move, the slow transfer is cancelled from its button
    const seen = { group: new Set(), operation: new Set() };
    let cancelClicked = false;
    let liveShot = false;
    const deadline = Date.now() + WAIT_MS;
    let now;
    let allFilesEarly = false; // the 10 files listed while none had ended, some still pending
    const pendingMarks = new Set(); // the marks of the operation's stages not begun
    for (;;) {
      now = await read(page);
      if (now.group?.count === '0 of 10 files' && now.group.files.length === 10 && now.group.files.includes('pending')) {
        allFilesEarly = true;
      }
      if (now.operation?.stages[0] === '→') pendingMarks.add(now.operation.stages.at(-1)); // the last not begun
      for (const key of ['group', 'operation']) {
        if (now[key]?.value != null) seen[key].add(Number(now[key].value));
      }
      if (!liveShot && seen.group.size >= 3 && seen.operation.size >= 2) {
        await page.screenshot({ path: join(shots, 'dashboard-live.png'), fullPage: true });
        liveShot = true;
      }
      // cancelled once the others were seen moving beside it, so the screenshot shows it running
      const othersSeen = liveShot || now.group?.state === 'completed';
      if (!cancelClicked && othersSeen && now.slow?.cancel && now.slow.state !== 'pending') {
        await page.locator('li.row', { has: page.locator('.head > .name', { hasText: SLOW_NAME }) }).locator('.head > .cancel').click();
        cancelClicked = true;
      }
      const done =
        now.group?.state === 'completed' && now.operation?.state === 'completed' && now.slow?.state === 'cancelled';
      if (done || Date.now() > deadline) break;
      await page.waitForTimeout(100);
    }
    check(!!now.group, 'the group has a row');
    check(now.group.state === 'completed', 'the group completes', now.group.state);
    check(now.group.count === '10 of 10 files', 'the group shows "10 of 10 files"', now.group.count);
    check(now.operation?.state === 'completed', 'the operation completes', now.operation?.state);
    const moving = (values) => [...values].filter((v) => v > 0 && v < 100).length;
    check(moving(seen.group) >= 3, "the group's bar moves", [...seen.group].join(' '));
    check(moving(seen.operation) >= 2, "the operation's bar moves", [...seen.operation].join(' '));
    check(now.group.value === '100' || Number(now.group.value) === 100, "the group's bar reaches 100 %", now.group.value);
    check(Number(now.operation.value) === 100, "the operation's bar reaches 100 %", now.operation.value);
    check(now.operation.stages.length >= 3 && now.operation.stages.every((m) => m === '✓'), 'every stage is marked ✓', now.operation.stages.join(''));
    check(allFilesEarly, 'the group lists all 10 files from the start, the ones not begun as pending');
    check(pendingMarks.has('○') && !pendingMarks.has('-'), 'a stage not begun is marked ○, not - (cancelled)', [...pendingMarks].join(' '));
    check(polled.length === 0, 'the page follows the stream alone: no REST polling', polled.join(' '));
    check(now.group.list === 'recent' && now.operation.list === 'recent', 'finished rows move to Recent');
    check(cancelClicked, 'the slow transfer had a Cancel button');
    check(now.slow?.state === 'cancelled', 'the slow transfer shows cancelled', now.slow?.state);
    const slowStateText = await page
      .locator('li.row', { has: page.locator('.head > .name', { hasText: SLOW_NAME }) })
      .locator('.head > .state')
      .textContent();
    check(slowStateText === 'cancelled', 'its state word reads "cancelled"', slowStateText);

    // the hostile file name is text, and nothing of it ran
    await checkHostileName(page, watch, 10);
    const bidi = await page.evaluate(() => {
      const names = [...document.querySelectorAll('.file > .name')].map((n) => n.textContent);
      // a direction override or isolate in a name would reorder what follows it on screen
      const marks = /[\u202A-\u202E\u2066-\u2069]/;
      const spoofed = [...document.querySelectorAll('.name')].filter((n) => marks.test(n.textContent) || marks.test(n.title));
      return { spoofed: spoofed.length, spoof: names.filter((n) => n.startsWith('IMG_6')).join('') };
    });
    check(bidi.spoofed === 0 && bidi.spoof === 'IMG_6<U+202E>txt.exe', 'a right-to-left override in a name shows as a mark, not reversed text', bidi.spoof);

    await page.screenshot({ path: join(shots, 'dashboard-wide.png'), fullPage: true });
    await page.setViewportSize({ width: 400, height: 900 });
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    check(overflow <= 400, 'nothing wider than 400 px at 400 px', String(overflow));
    // with a thousand live rows, laying out and painting those out of sight froze the page (0.5 s)
    const offscreen = await page.evaluate(() => getComputedStyle(document.querySelector('li.row')).contentVisibility);
    check(offscreen === 'auto', 'rows out of sight are skipped by layout and paint', offscreen);
    await page.screenshot({ path: join(shots, 'dashboard-400.png'), fullPage: true });
    check(watch.consoleErrors.length === 0, 'no console errors', watch.consoleErrors.join(' | '));

    // a server restart: the caller stops the server, the page says so, then finds the new one
    watch.console = false; // the refused reconnections are logged as errors, rightly
    console.log('stop-server');
    await page.waitForSelector('#banner:not([hidden])', { timeout: 30_000 });
    const banner = await page.locator('#banner').textContent();
    check(banner === 'Disconnected, reconnecting...', 'server stopped: the banner says "Disconnected, reconnecting..."', banner);
    await page.screenshot({ path: join(shots, 'dashboard-disconnected.png') });
    console.log('start-server');
    await page.waitForSelector('#connection.live', { timeout: 60_000 });
    check(await page.locator('#banner').isHidden(), 'server started again: live by itself, the banner gone');
    await context.close();
  } finally {
    await browser.close();
  }
}

run(main);
