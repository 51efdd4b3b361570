// Journey: a laptop with no keychain. The first run asks for a passphrase; the next start is
// locked; a wrong passphrase says so and lets the user retry; Settings shows the key source.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byTestId, launch, newDataDir, shot } from "./harness.mjs";

// A bus address that leads nowhere: the app finds no Secret Service, as on a bare server.
const noKeychain = { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/cordon-e2e-bus" };
const passphrase = "harbour lights at midnight";
const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

async function typeInto(browser, testId, text) {
  const input = await byTestId(browser, testId);
  await input.waitForDisplayed({ timeout: 20000 });
  await input.setValue(text);
}

test("no keychain: create with a passphrase, restart locked, retry after a wrong one", async () => {
  app = await launch(dataDir, noKeychain);
  let { browser } = app;

  assert.equal(await (await byTestId(browser, "create-workspace-keychain")).isExisting(), false, "no keychain offered");
  await typeInto(browser, "unlock-passphrase", passphrase);
  await typeInto(browser, "passphrase-confirm", passphrase);
  await (await byTestId(browser, "unlock-submit")).click();
  await (await byTestId(browser, "new-client")).waitForDisplayed({ timeout: 20000 });

  await app.quit();
  app = await launch(dataDir, noKeychain);
  browser = app.browser;

  await typeInto(browser, "unlock-passphrase", "harbour lights at noon!");
  await (await byTestId(browser, "unlock-submit")).click();
  await browser.waitUntil(async () => (await browser.$("body").getText()).includes("passphrase is wrong"), {
    timeout: 20000,
    timeoutMsg: "the wrong passphrase was not reported",
  });
  await shot(browser, "unlock-wrong-passphrase");

  const field = await byTestId(browser, "unlock-passphrase");
  await field.clearValue();
  await field.setValue(passphrase);
  await (await byTestId(browser, "unlock-submit")).click();
  await (await byTestId(browser, "new-client")).waitForDisplayed({ timeout: 20000 });

  await (await byTestId(browser, "nav-settings")).click();
  const card = await byTestId(browser, "security-card");
  await browser.waitUntil(async () => /passphrase/i.test(await card.getText()), {
    timeout: 10000,
    timeoutMsg: "Settings does not say the key comes from a passphrase",
  });
  const security = await card.getText();
  assert.ok(security.includes(dataDir), `Settings shows where the data lives:\n${security}`);
  assert.match(security, /4\.\d+\.\d+/, "Settings shows the SQLCipher version");
  await shot(browser, "settings-security");
});
