// Journey (issue 4): a technician runs a ransomware incident for an EU client whose file server
// holds personal data: opens it with the file server affected, logs five timeline entries with
// Enter, sees the severity with its criterion, records awareness and watches the GDPR 72 h
// clock count down, marks it contained, records the GDPR notice (the clock shows it was sent on
// time), writes the review with two action items and closes the incident.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import {
  answerFileDialog,
  byTestId,
  click,
  launch,
  newDataDir,
  shot,
  textOf,
  waitForText,
} from "./harness.mjs";

const CLIENT = "Brightwater Logistics GmbH";
const here = path.dirname(fileURLToPath(import.meta.url));
const evidenceFile = path.join(here, "fixtures", "assets-two-bad-rows.csv");
const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

/** Picks `label` in a Mantine Select/MultiSelect: open it, click the option. */
async function pick(browser, id, label) {
  await click(browser, id);
  const option = await browser.$(`//*[@role="option"][contains(., "${label}")]`);
  await option.waitForClickable({ timeout: 10000 });
  await option.click();
}

async function phase(browser, id) {
  // The stepper's step is a button; clicking its label works the same.
  await click(browser, `phase-${id}`);
}

test("ransomware for an EU client: timeline, GDPR clock, containment, notice, review, closure", async () => {
  app = await launch(dataDir, { CORDON_DEMO: "1" });
  const { browser } = app;

  await click(browser, "create-workspace-keychain");
  await waitForText(browser, '[data-testid="client-row"]', new RegExp(CLIENT), "demo clients");
  const row = await browser.$(`//*[@data-testid="client-row"][contains(., "${CLIENT}")]/td[1]`);
  await row.waitForClickable({ timeout: 10000 });
  await row.click();
  await (await byTestId(browser, "client-page")).waitForDisplayed({ timeout: 20000 });

  // New incident from the client's Incidents tab.
  await click(browser, "client-tab-incidents");
  await click(browser, "new-incident");
  await pick(browser, "new-incident-type", "Ransomware");
  await (await byTestId(browser, "new-incident-title")).setValue("Ransomware on FS-01");
  await (await byTestId(browser, "new-incident-description")).setValue(
    "Shares on FS-01 encrypted, README-RESTORE.txt in every folder.",
  );
  await (await byTestId(browser, "new-incident-reported-by")).setValue("Jürgen Weiß");
  await pick(browser, "new-incident-assets", "FS-01");
  await browser.keys("Escape"); // close the multi-select's list, not the drawer
  await shot(browser, "incident-new-form");
  await click(browser, "new-incident-submit");
  await (await byTestId(browser, "incident-screen")).waitForDisplayed({ timeout: 20000 });
  await waitForText(browser, '[data-testid="incident-title"]', /Ransomware on FS-01/, "title");

  // Severity from the plan's matrix, with the criterion kept.
  const badge = await byTestId(browser, "severity-badge");
  const level = await textOf(badge);
  assert.match(level, /SEV|P\d|Critical|High/i, `severity badge reads "${level}"`);
  const criterion = await badge.getAttribute("data-criterion");
  assert.ok(criterion && criterion.length > 5, `no criterion kept: "${criterion}"`);

  // Five entries, each with Enter; the box keeps the focus between them.
  const box = await byTestId(browser, "quick-add");
  await box.waitForDisplayed({ timeout: 10000 });
  await box.click();
  const lines = [
    "Helpdesk call: files on the S: drive renamed to .lockbit",
    "FS-01 disconnected from the switch (port 14 shut)",
    "Ransom note README-RESTORE.txt found in every share",
    "Backups on the NAS checked: last good copy last night 01:00",
    "Domain admin password reset, sessions revoked",
  ];
  for (const line of lines) {
    // WebKitWebDriver drops repeated keys from a key sequence: type with setValue, then Enter.
    await box.setValue(line);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await box.getValue()) === "", { timeout: 10000 });
  }
  await waitForText(browser, '[data-testid="timeline-entry"]', /Domain admin password reset/, "entries");
  const active = await browser.execute(() => document.activeElement?.getAttribute("data-testid"));
  assert.equal(active, "quick-add", "the quick-add box lost the focus");
  const chain = await waitForText(browser, '[data-testid="chain-status"]', /intact/i, "chain");
  assert.match(chain, /Timeline intact · \d+ entries/);
  await shot(browser, "incident-timeline");

  // Awareness starts the GDPR Art. 33 clock: 72 hours, counting down.
  await click(browser, "record-trigger-awareness");
  const gdpr = '[data-testid="clock"][data-rule^="gdpr_art33"]';
  await browser.$(gdpr).waitForExist({ timeout: 20000 });
  const before = await waitForText(browser, `${gdpr} [data-testid="clock-countdown"]`, /left/, "gdpr countdown");
  assert.match(before, /(2 d 23|3 d 00):\d\d:\d\d left/, before);
  await browser.pause(2200);
  const later = await textOf(await browser.$(`${gdpr} [data-testid="clock-countdown"]`));
  assert.notEqual(later, before, "the countdown does not tick");
  await shot(browser, "incident-clocks-running");

  // Contained.
  await phase(browser, "contained");
  await waitForText(browser, '[data-testid="timeline-entry"]', /Contained/i, "phase entry");

  // The GDPR notice, recorded from its clock: the clock then reads "sent on time".
  const btn = await browser.$(`${gdpr} [data-testid="record-notice-for-clock"]`);
  await btn.waitForClickable({ timeout: 10000 });
  await btn.click();
  await (await byTestId(browser, "notice-channel")).setValue("BfDI online form");
  await (await byTestId(browser, "notice-reference")).setValue("BfDI-2026-11-0042");
  await (await byTestId(browser, "notice-summary")).setValue(
    "Initial Art. 33 notification: ransomware on a file server holding employee and customer data.",
  );
  await click(browser, "notice-submit");
  await waitForText(browser, `${gdpr} [data-testid="clock-countdown"]`, /Sent .*on time/, "gdpr sent");
  await shot(browser, "incident-notice-sent");

  // Evidence: chosen in the native dialog the shell opens (no path comes from the page);
  // Cordon hashes the file itself.
  await click(browser, "incident-tab-evidence");
  await click(browser, "add-evidence");
  await click(browser, "evidence-browse");
  await answerFileDialog("Choose the evidence file", evidenceFile);
  await (await byTestId(browser, "evidence-submit")).waitForEnabled({ timeout: 20000 });
  const title = await byTestId(browser, "evidence-title");
  await title.setValue("Share listing exported from FS-01");
  await click(browser, "evidence-submit");
  const sha = createHash("sha256").update(readFileSync(evidenceFile)).digest("hex");
  await waitForText(browser, '[data-testid="evidence-sha"]', new RegExp(sha), "evidence hash");
  await shot(browser, "incident-evidence");

  // The review with two action items.
  await click(browser, "incident-tab-review");
  await (await byTestId(browser, "review-root_cause")).setValue(
    "Phished VPN credentials without MFA gave access to a domain admin session.",
  );
  await (await byTestId(browser, "review-what_worked")).setValue("Isolation within 20 minutes.");
  await (await byTestId(browser, "review-what_did_not")).setValue("Nobody knew the DPO's number.");
  await (await byTestId(browser, "review-lessons_learned")).setValue("MFA everywhere, no exceptions.");
  for (const [title, owner] of [
    ["Enforce MFA on the VPN", "Jürgen Weiß"],
    ["Add the DPO to the plan's contacts", "Anneliese Krüger"],
  ]) {
    await click(browser, "add-action-item");
    const titles = await browser.$$('[data-testid="action-title"]');
    const owners = await browser.$$('[data-testid="action-owner"]');
    await titles[titles.length - 1].setValue(title);
    await owners[owners.length - 1].setValue(owner);
  }
  await click(browser, "save-review");
  await browser
    .waitUntil(async () => !(await (await byTestId(browser, "save-review")).isEnabled()), {
      timeout: 20000,
    })
    .catch(async () => {
      await shot(browser, "failed-incident-review");
      assert.fail("the review was not saved");
    });
  await shot(browser, "incident-review");

  // Closed.
  await phase(browser, "closed");
  await waitForText(browser, '[data-testid="timeline-entry"]', /Closed/i, "closed entry");
  await shot(browser, "incident-closed");
  const items = await browser.$$('[data-testid="action-item"]');
  assert.equal(items.length, 2);

  // Search finds a timeline entry and opens its incident scrolled to it.
  const search = await byTestId(browser, "global-search");
  await search.click();
  await search.setValue("README");
  const hit = await browser.$('[data-testid="search-hit"][data-kind="timeline_entry"]');
  await hit.waitForClickable({ timeout: 20000 });
  await shot(browser, "incident-search");
  await hit.click();
  await (await byTestId(browser, "incident-screen")).waitForDisplayed({ timeout: 20000 });
  const highlighted = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="timeline-entry"]')]
      .filter((e) => e.style.borderWidth === "2px")
      .map((e) => e.textContent),
  );
  assert.equal(highlighted.length, 1, JSON.stringify(highlighted));
  assert.match(highlighted[0], /README-RESTORE/);

  // The list: the closed incident appears once "open only" is off.
  await click(browser, "nav-incidents");
  await (await byTestId(browser, "incident-dashboard")).waitForDisplayed({ timeout: 20000 });
  // A switch's <input> is visually hidden; its label toggles it, as a click by a person does.
  const openOnly = await browser.$('//label[normalize-space(.)="Open only"]');
  await openOnly.waitForClickable({ timeout: 10000 });
  await openOnly.click();
  await waitForText(browser, '[data-testid="incident-row"]', /Ransomware on FS-01/, "list");
  await shot(browser, "incidents-list");

  // The demo's open incident, as a technician finds it the morning after.
  const demo = await browser.$('//*[@data-testid="incident-row"][contains(., "Hamburg HQ")]/td[1]');
  await demo.waitForClickable({ timeout: 10000 });
  await demo.click();
  await (await byTestId(browser, "incident-screen")).waitForDisplayed({ timeout: 20000 });
  await waitForText(browser, '[data-testid="incident-title"]', /Hamburg HQ/, "demo incident");
  await shot(browser, "incident-demo-open");
});
