// Journey (issue 6, "done when"): killing the app in the middle of an exercise and starting it
// again resumes the clock and loses no note. A facilitator starts a ransomware tabletop for the
// demo client, reveals an inject, rates an objective with its reason and types a note without
// leaving the box; the app is then killed with SIGKILL (no unload handler runs, nothing is
// flushed), kept down a few seconds and started again on the same folder. The note is in the
// running log, the rating and its reason are kept, the inject is still revealed, and the clock
// is running with the downtime counted: it is computed from the start event and now, not
// ticked by the app. The note is then found by the header search, whose hit opens the same
// console.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import {
  byTestId,
  click,
  isRunning,
  launch,
  newDataDir,
  shot,
  textOf,
  waitForText,
} from "./harness.mjs";

const CLIENT = "Brightwater Logistics GmbH";
const NOTE = "Finance wants the ransom paid before the board meets";
const RATIONALE = "Nobody knew who could approve taking FS-01 offline";
const DOWN_MS = 4000;
const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

/** Where the console's clock ("h:mm:ss") stands against the wall clock: its reading minus the
 * wall time, in seconds, read in the page so that no WebDriver round trip sits between the two.
 * The display ticks once a second from a polled view, so one reading lags by up to a second
 * (more on a loaded machine); the best of several readings a quarter-second apart is the one
 * taken just after a tick. A running clock keeps this offset constant; a clock that did not
 * count the downtime falls behind it by the downtime. */
async function clockOffset(browser, samples = 12) {
  let best;
  for (let i = 0; i < samples; i += 1) {
    const [text, at] = await browser.execute(() => [
      document.querySelector('[data-testid="exercise-clock"]')?.textContent?.trim() ?? "",
      Date.now(),
    ]);
    const m = /^(\d+):(\d\d):(\d\d)$/.exec(text);
    assert.ok(m, `the clock reads "${text}"`);
    const offset = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - at / 1000;
    if (best === undefined || offset > best.offset) best = { offset, text };
    await browser.pause(250);
  }
  return best;
}

test("killing the app mid-exercise loses no note and the clock resumes", async (t) => {
  app = await launch(dataDir, { CORDON_DEMO: "1" });
  let { browser } = app;

  await click(browser, "create-workspace-keychain");
  await waitForText(browser, '[data-testid="client-row"]', new RegExp(CLIENT), "demo clients");
  const row = await browser.$(`//*[@data-testid="client-row"][contains(., "${CLIENT}")]/td[1]`);
  await row.waitForClickable({ timeout: 10000 });
  await row.click();
  await click(browser, "client-tab-exercises");
  await click(browser, "new-exercise");
  await click(browser, "scenario-ransomware");
  await click(browser, "create-exercise");
  await waitForText(browser, '[data-testid="exercise-console"]', new RegExp(CLIENT), "console");
  await click(browser, "exercise-start");
  await waitForText(browser, '[data-testid="exercise-status"]', /Running/, "started");

  const reveal = await browser.$('[data-testid^="reveal-"]');
  await reveal.waitForClickable({ timeout: 20000 });
  const inject = Number((await reveal.getAttribute("data-testid")).slice("reveal-".length));
  await reveal.click();
  await waitForText(browser, `[data-testid="inject-${inject}"]`, /Revealed/, "revealed");

  // An objective rated while the room talks: a letter and its reason, no button to press.
  const objective = await browser.$('[data-testid^="objective-"]');
  await objective.scrollIntoView({ block: "center" });
  await (await objective.$('.//label[normalize-space(.)="M"]')).click();
  await (await objective.$("textarea")).setValue(RATIONALE);

  const before = await clockOffset(browser);

  // Typed, and the focus stays in the box: only the typing pause can have saved it.
  const notes = await byTestId(browser, `inject-notes-${inject}`);
  await notes.scrollIntoView({ block: "center" });
  await notes.setValue(NOTE);
  const typed = Date.now();
  await shot(browser, "exercise-resume-before-kill");
  // About a second after the last key, screenshot included: more than the typing pause, less
  // than the 1.2 s it used to be.
  await browser.pause(Math.max(0, 1000 - (Date.now() - typed)));
  assert.equal(
    await browser.execute(() => document.activeElement?.getAttribute("data-testid")),
    `inject-notes-${inject}`,
    "the notes box still has the focus",
  );

  const pid = await app.crash();
  app = undefined;
  assert.equal(isRunning(pid), false, `the app (pid ${pid}) is gone`);
  await new Promise((r) => setTimeout(r, DOWN_MS));

  app = await launch(dataDir);
  browser = app.browser;
  // The keychain unlocks the workspace without a prompt, as on any start.
  await waitForText(browser, '[data-testid="client-row"]', new RegExp(CLIENT), "restarted");
  await click(browser, "nav-exercises");
  // The demo has a finished exercise of its own; this journey's is the ransomware one.
  const listed = await browser.$(
    '//*[@data-testid="exercises-table"]//tbody/tr[contains(., "Ransomware")]/td[1]',
  );
  await listed.waitForClickable({ timeout: 20000 });
  await listed.click();
  await waitForText(browser, '[data-testid="exercise-status"]', /Running/, "still running");
  const log = await waitForText(
    browser,
    '[data-testid="exercise-log"]',
    new RegExp(NOTE),
    "the note typed before the kill",
  );
  assert.equal(log.split(NOTE).length - 1, 1, "the note is in the log once");
  await waitForText(browser, `[data-testid="inject-${inject}"]`, /Revealed/, "still revealed");
  const rated = await browser.$('[data-testid^="objective-"]');
  await rated.scrollIntoView({ block: "center" });
  assert.match(await textOf(rated), /M: performed with major challenges/);
  assert.equal(await (await rated.$("textarea")).getValue(), RATIONALE, "the rationale survived");

  const later = await clockOffset(browser);
  // Equal offsets: the clock ran through the downtime (DOWN_MS); it neither stopped nor jumped.
  const drift = later.offset - before.offset;
  assert.ok(
    drift >= -1.5,
    `the clock counted the downtime: ${before.text} then ${later.text}, ${drift.toFixed(1)} s behind`,
  );
  assert.ok(
    drift <= 1.5,
    `the clock did not jump: ${before.text} then ${later.text}, ${drift.toFixed(1)} s ahead`,
  );
  t.diagnostic(`clock offset moved ${drift.toFixed(2)} s across a ${DOWN_MS / 1000} s kill`);
  await shot(browser, "exercise-resume-after-restart");
  await (await byTestId(browser, "exercise-log")).scrollIntoView({ block: "center" });
  await shot(browser, "exercise-resume-log-after-restart");

  // The note is searchable, and its hit opens the same console.
  const search = await byTestId(browser, "global-search");
  await search.click();
  await search.setValue("ransom paid");
  const hit = await browser.$('[data-testid="search-hit"][data-kind="exercise_log_entry"]');
  await hit.waitForClickable({ timeout: 20000 });
  assert.match(await textOf(hit), /ransom paid/);
  await shot(browser, "exercise-resume-search");
  await hit.click();
  await waitForText(
    browser,
    '[data-testid="exercise-log"]',
    new RegExp(NOTE),
    "opened from search",
  );
  await waitForText(browser, `[data-testid="inject-${inject}"]`, /Revealed/, "same exercise");
});
