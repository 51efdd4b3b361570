// Journey (issue 3): a technician onboards a client: plan from the ransomware template,
// tailors an escalation level, approves v1, imports the asset inventory from a CSV that has two
// bad rows (reads the errors, imports the good rows), and sees what is still missing on the
// readiness panel.
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { answerFileDialog, byTestId, launch, newDataDir, shot, texts } from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const csv = path.join(here, "fixtures", "assets-two-bad-rows.csv");
const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

async function click(browser, id, timeout = 20000) {
  const el = await byTestId(browser, id);
  await el.waitForClickable({ timeout });
  await el.click();
  return el;
}

async function waitForText(browser, id, pattern, what) {
  const el = await byTestId(browser, id);
  let last = "";
  await browser
    .waitUntil(async () => pattern.test((last = await el.getProperty("textContent"))), { timeout: 20000 })
    .catch(async () => {
      await shot(browser, `failed-${id}`);
      assert.fail(`${what}: ${id} reads "${last}"`);
    });
  return last;
}

test("plan from template, approve, import assets with two bad rows, readiness gaps", async () => {
  app = await launch(dataDir);
  const { browser } = app;

  await click(browser, "create-workspace-keychain");
  await click(browser, "new-client");
  await (await byTestId(browser, "client-name-input")).setValue("Vestfold Dental AS");
  await click(browser, "client-save");
  const rows = await texts(browser, '[data-testid="client-row"]');
  assert.match(rows[0], /Vestfold Dental AS/);
  await (await byTestId(browser, "client-form")).waitForDisplayed({ reverse: true, timeout: 10000 });
  // WebKitWebDriver cannot click a <tr> itself; its first cell opens the client the same way.
  const cell = await browser.$('[data-testid="client-row"] td');
  await cell.waitForClickable({ timeout: 10000 });
  await cell.click();
  await (await byTestId(browser, "client-page")).waitForDisplayed({ timeout: 20000 });

  // A plan from the baseline with the ransomware playbook.
  await click(browser, "client-tab-plan");
  await click(browser, "new-plan");
  await click(browser, "template-ransomware");
  await click(browser, "create-plan");
  await (await byTestId(browser, "plan-editor")).waitForDisplayed({ timeout: 20000 });
  assert.match(await waitForText(browser, "plan-version", /v1/i, "no version badge"), /draft/i);

  // Tailor the first escalation level: 45 minutes without containment.
  await click(browser, "plan-section-escalation");
  const minutes = await browser.$('[data-testid="escalation-minutes"]');
  await minutes.waitForDisplayed({ timeout: 10000 });
  await minutes.clearValue();
  await minutes.setValue("45");
  await waitForText(browser, "plan-saved", /saved/i, "the edit was not autosaved");
  await shot(browser, "plan-editor-escalation");

  await click(browser, "approve-plan");
  await (await byTestId(browser, "approver-input")).setValue("Ingrid Berg");
  await click(browser, "confirm-approve");
  await waitForText(browser, "plan-version", /approved/i, "the plan was not approved");

  // Assets from a CSV with two bad rows: the errors are listed, then only good rows are kept.
  await click(browser, "client-tab-assets");
  await click(browser, "import-csv");
  // The shell opens the native dialog; the file is chosen there, as a user would.
  await click(browser, "import-choose-file");
  await answerFileDialog("Choose a CSV file to import", csv);
  await click(browser, "import-next"); // the file's facts → the column mapping
  await (await byTestId(browser, "import-mapping")).waitForDisplayed({ timeout: 10000 });
  await click(browser, "import-next"); // the suggested mapping is right → the row check
  const errors = await texts(browser, '[data-testid="import-error-row"]', 2).catch(async (e) => {
    await shot(browser, "failed-import");
    throw e;
  });
  assert.equal(errors.length, 2, errors.join("\n"));
  assert.match(errors.join("\n"), /Criticality/);
  assert.match(errors.join("\n"), /sandwiches/);
  assert.match(await waitForText(browser, "import-valid-count", /3/, "valid count"), /3/);
  await shot(browser, "asset-import-errors");
  await click(browser, "import-confirm");
  assert.match(await waitForText(browser, "import-result", /3/, "no import result"), /3/);
  await browser.keys("Escape");

  const assets = await texts(browser, '[data-testid="asset-row"]', 3);
  assert.equal(assets.length, 3, assets.join("\n"));

  // What is still missing: FS-01 has no owner, and the other common playbooks are absent.
  await click(browser, "client-tab-overview");
  const gaps = await texts(browser, '[data-testid="readiness-gap"]', 1);
  await shot(browser, "readiness-panel");
  const all = gaps.join("\n");
  assert.match(all, /FS-01/, all);
  assert.match(all, /No playbook for data breach/i, all);
  assert.match(all, /Incident Commander has nobody named/, all);
  assert.doesNotMatch(all, /No playbook for ransomware/, "the ransomware playbook came with the plan");
  assert.doesNotMatch(all, /never been approved/, "v1 was approved");
});
