// SPDX-License-Identifier: Apache-2.0
// Drives the dashboard in headless Debian chromium while the samples module's real `dashboard`
// sample runs with --loop (DashboardSampleBrowserTest): a round's group and operation complete on
// the page, the hostile file name is text, and a later round's operation is cancelled from its
// button while the sample goes on to the next round.
//
//   node dashboard-sample.test.mjs <dashboard url> <screenshot folder>
//
// Prints one "ok ..." line per check, "cancelled <id>" once the page showed the operation it
// cancelled as cancelled, and last "dashboard: all N checks passed" (exit 0) or "FAIL: ..." (exit 1).
import { join } from 'node:path';
import { check, checkHostileName, launch, readRows, run, watchedPage } from './dashboard-common.mjs';

const [url, shots = 'screenshots'] = process.argv.slice(2);
const GROUP = 'photos for the album';
const OPERATION = 'Release 2.4.0';
const WAIT_MS = 60_000;

/** Distinct bar values strictly between 0 and 100. */
const moving = (values) => [...values].filter((v) => v > 0 && v < 100).length;

async function main() {
  if (!url) throw new Error('usage: node dashboard-sample.test.mjs <dashboard url> <screenshot folder>');
  const browser = await launch(shots);
  try {
    const { page, watch } = await watchedPage(browser, { width: 1280, height: 900 });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('#connection.live', { timeout: 20_000 });

    const seen = new Map(); // row id -> the bar values seen
    let rows = [];
    let completedGroup; // a group seen moving and completed
    let completedOperation; // an operation seen moving and completed
    let cancelled; // the id of the operation of a later round, clicked Cancel on
    let next; // an operation begun after the cancelled one: the sample went on
    let liveShot = false;
    const deadline = Date.now() + WAIT_MS;
    while (!(completedGroup && completedOperation && next) && Date.now() < deadline) {
      rows = await readRows(page);
      for (const row of rows) {
        if (!seen.has(row.id)) seen.set(row.id, new Set());
        if (row.value != null) seen.get(row.id).add(Number(row.value));
        const movedThenEnded = row.state === 'completed' && moving(seen.get(row.id)) >= 2;
        // a group the page met late (at 95 %) moved too little to show its bar moving: a later
        // round's, watched from its start, is taken instead
        const groupMoved = row.state === 'completed' && moving(seen.get(row.id)) >= 3;
        if (row.kind === 'group' && row.name === GROUP && groupMoved) completedGroup ??= row;
        if (row.kind === 'operation' && row.name === OPERATION && movedThenEnded) completedOperation ??= row;
      }
      const operations = rows.filter((r) => r.kind === 'operation' && r.name === OPERATION);
      if (!liveShot && operations.some((r) => r.state === 'running' && moving(seen.get(r.id)) >= 1)) {
        await page.screenshot({ path: join(shots, 'dashboard-sample-live.png'), fullPage: true });
        liveShot = true;
      }
      // the operation of a round after one seen completed: cancelled from its button while it runs
      const later = completedOperation && operations.find((r) => Number(r.id) > Number(completedOperation.id) && r.cancel);
      if (cancelled == null && later) {
        await page.locator(`li.row[data-id="${later.id}"] > .head > .cancel`).click();
        cancelled = later.id;
      }
      if (cancelled != null) next ??= operations.find((r) => Number(r.id) > Number(cancelled));
      await page.waitForTimeout(100);
    }

    check(!!completedGroup, 'a round\'s group moves on the page and completes', JSON.stringify(rows));
    const groupNow = rows.find((r) => r.id === completedGroup.id) ?? completedGroup;
    check(moving(seen.get(completedGroup.id)) >= 3, "the group's bar moves", [...seen.get(completedGroup.id)].join(' '));
    check(Number(groupNow.value) === 100, "the group's bar reaches 100 %", groupNow.value);
    check(groupNow.count === '10 of 10 files', 'the group shows "10 of 10 files"', groupNow.count);
    check(groupNow.files.length === 10 && groupNow.files.every((f) => f === 'completed'), 'its 10 files completed', groupNow.files.join(' '));

    check(!!completedOperation, 'a round\'s operation moves on the page and completes');
    const operationNow = rows.find((r) => r.id === completedOperation.id) ?? completedOperation;
    check(Number(operationNow.value) === 100, "the operation's bar reaches 100 %", operationNow.value);
    check(operationNow.stages.length === 4 && operationNow.stages.every((m) => m === '✓'), 'its 4 stages are marked ✓', operationNow.stages.join(''));

    check(cancelled != null, "a later round's operation had a Cancel button, clicked while it ran");
    const cancelledRow = page.locator(`li.row[data-id="${cancelled}"]`);
    check(await cancelledRow.getAttribute('data-state') === 'cancelled', 'that operation shows cancelled', await cancelledRow.getAttribute('data-state'));
    const stateText = await cancelledRow.locator(':scope > .head > .state').textContent();
    check(stateText === 'cancelled', 'its state word reads "cancelled"', stateText);
    check(!!next, 'the sample went on: the next round\'s operation is on the page');
    console.log('cancelled ' + cancelled);

    // the hostile name, in each round's group on the page: text, no img, no dialog
    await checkHostileName(page, watch);
    check(watch.consoleErrors.length === 0, 'no console errors', watch.consoleErrors.join(' | '));
    await page.screenshot({ path: join(shots, 'dashboard-sample.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

run(main);
