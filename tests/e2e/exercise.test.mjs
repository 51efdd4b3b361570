// Journey (issue 6): a facilitator runs a ransomware tabletop for the demo client: creates it
// from the scenario library, starts the clock, reveals three injects, records decisions and a
// note, opens the presenter window (which must show the inject but no facilitator text),
// rates every objective with a rationale, records a finding, ends the exercise, previews the
// after-action report in the app and exports it with the CLI over the same workspace, and
// finds the finding on the client's plan as a change item.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import {
  byTestId,
  click,
  cliBin,
  launch,
  newDataDir,
  shot,
  textOf,
  waitForText,
} from "./harness.mjs";

const CLIENT = "Brightwater Logistics GmbH";
const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

test("ransomware tabletop: create, run, reveal, log, presenter window, rate, end", async () => {
  app = await launch(dataDir, { CORDON_DEMO: "1" });
  const { browser } = app;

  await click(browser, "create-workspace-keychain");
  await waitForText(
    browser,
    '[data-testid="client-row"]',
    new RegExp(CLIENT),
    "demo clients",
  );
  const row = await browser.$(
    `//*[@data-testid="client-row"][contains(., "${CLIENT}")]/td[1]`,
  );
  await row.waitForClickable({ timeout: 10000 });
  await row.click();
  await (
    await byTestId(browser, "client-page")
  ).waitForDisplayed({ timeout: 20000 });

  await click(browser, "client-tab-exercises");
  await click(browser, "new-exercise");
  await click(browser, "scenario-ransomware");
  await shot(browser, "exercise-new");
  await click(browser, "create-exercise");
  await waitForText(
    browser,
    '[data-testid="exercise-console"]',
    new RegExp(CLIENT),
    "console",
  );

  await click(browser, "exercise-start"); // Start
  await waitForText(
    browser,
    '[data-testid="exercise-status"]',
    /Running/,
    "started",
  );

  // Injects due at +0 are on screen as soon as the clock starts; reveal the next three early.
  let last = 0;
  for (let k = 0; k < 3; k++) {
    const button = await browser.$('[data-testid^="reveal-"]');
    await button.waitForClickable({ timeout: 20000 });
    last = Number(
      (await button.getAttribute("data-testid")).slice("reveal-".length),
    );
    await button.click();
    await waitForText(
      browser,
      `[data-testid="inject-${last}"]`,
      /Revealed/,
      `inject ${last}`,
    );
  }

  for (const line of [
    "Isolate FS-01 from the network",
    "Call the insurer's breach hotline",
  ]) {
    await (await byTestId(browser, "log-text")).setValue(line);
    await click(browser, "log-add");
    await waitForText(
      browser,
      '[data-testid="exercise-log"]',
      new RegExp(line),
      "decision logged",
    );
  }
  await (
    await byTestId(browser, `inject-notes-${last}`)
  ).setValue("Backups were checked late");
  await waitForText(
    browser,
    '[data-testid="exercise-log"]',
    /Backups were checked late/,
    "note",
  );

  // The presenter window: the room's screen shows the current inject and no facilitator text.
  const main = await browser.getWindowHandle();
  await click(browser, "open-presenter");
  await browser.waitUntil(
    async () => (await browser.getWindowHandles()).length > 1,
    {
      timeout: 20000,
      timeoutMsg: "the presenter window did not open",
    },
  );
  const other = (await browser.getWindowHandles()).find((h) => h !== main);
  await browser.switchToWindow(other);
  const room = await waitForText(
    browser,
    '[data-testid="presenter"]',
    new RegExp(`Inject ${last} of`),
    "presenter",
  );
  assert.doesNotMatch(
    room,
    /Facilitator only|Expected actions|Notes on this inject/,
  );
  await shot(browser, "exercise-presenter");
  // The room's window may call presenter_view and nothing else: a command the main window
  // may call is refused here by the capability, before it reaches Cordon.
  // WebKitWebDriver may hand Tauri's refusal back as the script's own error instead of the
  // rejected promise's value: either way the words are Tauri's ("… not allowed on window …").
  const ask = async (cmd, args) => {
    try {
      return await browser.executeAsync(
        (c, a, done) => {
          window.__TAURI_INTERNALS__.invoke(c, a).then(
            () => done({ ok: true }),
            (e) =>
              done({
                ok: false,
                error: typeof e === "string" ? e : JSON.stringify(e),
              }),
          );
        },
        cmd,
        args,
      );
    } catch (e) {
      return { ok: false, error: String(e?.message ?? e) };
    }
  };
  const exerciseId = (await browser.getUrl()).split("/presenter/")[1];
  assert.deepEqual(await ask("presenter_view", { id: exerciseId }), {
    ok: true,
  });
  for (const [cmd, args] of [
    ["list_clients", { query: "", includeArchived: true }],
    ["exercise", { id: exerciseId }],
    ["lock_workspace", {}],
  ]) {
    const answer = await ask(cmd, args);
    assert.equal(answer.ok, false, `${cmd} answered the presenter window`);
    assert.match(answer.error, /not allowed/i, `${cmd}: ${answer.error}`);
  }
  await browser.switchToWindow(main);

  // Rate every objective, with its rationale; the first also gets a strength.
  const objectives = await browser.$$('[data-testid^="objective-"]');
  assert.ok(objectives.length > 0, "the exercise has objectives");
  for (const o of objectives) {
    const letter = await o.$('.//label[normalize-space(.)="S"]');
    await letter.click();
    await (
      await o.$("textarea")
    ).setValue("Escalated, but the insurer was called late");
    if (o === objectives[0])
      await (
        await o.$('[data-testid^="strengths-"]')
      ).setValue("FS-01 isolated within ten minutes");
    // Saved as typed: no button, the objective says when it is in.
    await browser.waitUntil(
      async () =>
        /performed with some/.test(await textOf(o)) &&
        /Saved/.test(
          await textOf(await o.$('[data-testid^="evaluation-saved-"]')),
        ),
      { timeout: 10000, timeoutMsg: "the evaluation was not saved" },
    );
  }
  await shot(browser, "exercise-console");

  // A finding becomes a change item on the client's plan.
  for (const [id, value] of [
    ["finding-issue", "Nobody had the insurer's breach hotline to hand"],
    ["finding-corrective-action", "Add the hotline to the plan's contact list"],
    ["finding-owner", "Jürgen Weiß"],
    ["finding-due", "2027-01-31"],
  ]) {
    await (await byTestId(browser, id)).setValue(value);
  }
  await (
    await byTestId(browser, "finding-plan-section")
  ).selectByAttribute("value", "contacts");
  await click(browser, "finding-add");
  await waitForText(
    browser,
    '[data-testid="findings"]',
    /insurer's breach hotline/,
    "finding",
  );

  await click(browser, "exercise-end");
  // Ending is final, so the console asks first.
  await click(browser, "confirm-end");
  await waitForText(
    browser,
    '[data-testid="exercise-status"]',
    /Ended/,
    "ended",
  );
  await shot(browser, "exercise-ended");

  // The after-action report: the app draws its first pages and lists its sections.
  await click(browser, "export-pdf");
  const contents = await waitForText(
    browser,
    '[data-testid="report-sections"]',
    /Improvement plan/,
    "after-action report preview",
  );
  assert.match(contents, /Executive summary/);
  await browser.pause(500);
  await shot(browser, "exercise-aar-preview");
  await browser.keys("Escape");

  // The same workspace exported by the CLI while the app is open: a real PDF whose text
  // carries the rating, the finding's owner and the strength typed above.
  const env = { ...process.env, CORDON_DATA_DIR: dataDir };
  // The demo has a finished exercise of its own; this journey's is the ransomware one.
  const summary = JSON.parse(
    execFileSync(cliBin, ["exercises", "list", "--json"], { env }),
  ).find((e) => e.scenario === "ransomware");
  const pdf = path.join(
    mkdtempSync(path.join(os.tmpdir(), "cordon-aar-")),
    "aar.pdf",
  );
  execFileSync(cliBin, ["report", "exercise", summary.id, "-o", pdf], { env });
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
  for (const expected of [
    /After-Action Report/i,
    /Jürgen Weiß/,
    /FS-01 isolated within ten minutes/,
    /insurer's breach hotline/,
  ])
    assert.match(text, expected);

  await click(browser, "client-tab-plan");
  await waitForText(
    browser,
    '[data-testid="plan-changes"]',
    /hotline to the plan/,
    "plan tab",
  );
  await shot(browser, "exercise-plan-changes");
});
