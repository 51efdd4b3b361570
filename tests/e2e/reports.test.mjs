// Journey (issue 5): an account manager sets the MSP's name in Settings, opens Reports, picks
// the demo's closed phishing incident and sees the first pages of the client version drawn by
// the app itself, switches to the internal version (its extra sections appear in the
// contents), then previews the client's plan binder. Saving goes through the native dialog,
// which WebDriver cannot drive; the CLI tests cover the written PDF.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byTestId, click, launch, newDataDir, shot } from "./harness.mjs";

const CLIENT = "Brightwater Logistics GmbH";
const INCIDENT = "Payroll mailbox phished via fake DHL notice";
const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

async function pick(browser, id, label) {
  await click(browser, id);
  const option = await browser.$(`//*[@role="option"][contains(., "${label}")]`);
  await option.waitForClickable({ timeout: 10000 });
  await option.click();
}

/** Waits until the preview shows `pages` page images that have loaded, and its contents
 * list includes `section`. */
async function previewShows(browser, pages, section, what) {
  await browser
    .waitUntil(
      async () =>
        browser.execute(
          (n, s) => {
            const box = document.querySelector('[data-testid="report-preview"]');
            if (!box || box.getAttribute("aria-busy") === "true") return false;
            const imgs = [...box.querySelectorAll("img")];
            const drawn = imgs.filter((i) => i.complete && i.naturalWidth > 400);
            const contents = box.querySelector('[data-testid="report-sections"]')?.textContent;
            return drawn.length === n && (contents ?? "").includes(s);
          },
          pages,
          section,
        ),
      { timeout: 30000 },
    )
    .catch(async () => {
      await shot(browser, `failed-reports-${what}`);
      assert.fail(`${what}: the preview did not show ${pages} pages and "${section}"`);
    });
}

test("reports: MSP branding, incident report previews in both audiences, plan binder", async () => {
  app = await launch(dataDir, { CORDON_DEMO: "1" });
  const { browser } = app;
  await click(browser, "create-workspace-keychain");
  await (await byTestId(browser, "client-row")).waitForDisplayed({ timeout: 30000 });

  await click(browser, "nav-settings");
  const name = await byTestId(browser, "msp-name");
  await name.waitForDisplayed({ timeout: 20000 });
  await name.clearValue();
  // The demo signs as "Northgate IT"; a new name makes the form dirty and proves it saves.
  await name.setValue("Northgate IT Services GmbH");
  await click(browser, "msp-save");
  await browser.waitUntil(
    async () => (await (await byTestId(browser, "msp-branding-card")).getText()).includes("Saved"),
    { timeout: 20000, timeoutMsg: "the MSP branding was not saved" },
  );

  await click(browser, "nav-reports");
  await pick(browser, "report-client", CLIENT);
  await pick(browser, "report-incident", INCIDENT);
  await previewShows(browser, 2, "Action plan", "client");
  const contents = await (await byTestId(browser, "report-sections")).getText();
  assert.doesNotMatch(contents, /Internal notes|Indicators of compromise/);
  await shot(browser, "reports-incident-client");

  await (await browser.$(`//label[contains(., "Internal (everything)")]`)).click();
  await previewShows(browser, 2, "Indicators of compromise", "internal");
  await shot(browser, "reports-incident-internal");

  await (await browser.$(`//label[contains(., "Plan binder")]`)).click();
  await previewShows(browser, 2, "Contacts and out-of-band channels", "binder");
  await shot(browser, "reports-plan-binder");
});
