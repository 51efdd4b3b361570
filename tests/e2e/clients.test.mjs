// Journey: a technician's first run with the system keychain: create the workspace, try to
// save a client without a name (the form says what is wrong), add one, restart the app,
// and find it still there, unlocked silently from the keychain; then lock it (the unlock
// screen, nothing of the client on it), unlock with one click, and the client is back.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { byTestId, click, launch, newDataDir, shot, texts, textOf } from "./harness.mjs";

const dataDir = newDataDir();
let app;
after(async () => {
  await app?.quit();
});

test("create a client, restart, it is still there", async () => {
  app = await launch(dataDir);
  let { browser } = app;

  const create = await byTestId(browser, "create-workspace-keychain");
  await create.waitForClickable({ timeout: 20000 });
  await create.click();

  const newClient = await byTestId(browser, "new-client");
  await newClient.waitForClickable({ timeout: 20000 });
  await newClient.click();

  // Saving with no name: the message appears under the name field and nothing is stored.
  const save = await byTestId(browser, "client-save");
  await save.waitForClickable();
  await save.click();
  const form = await byTestId(browser, "client-form");
  await browser.waitUntil(async () => (await form.getText()).includes("needs a name"), {
    timeout: 10000,
    timeoutMsg: "no field message for the empty name",
  });
  await shot(browser, "client-form-empty-name");

  const name = await byTestId(browser, "client-name-input");
  await name.setValue("Fjordline Shipping AS");
  await save.click();

  const rows = await texts(browser, '[data-testid="client-row"]');
  assert.equal(rows.length, 1);
  assert.match(rows[0], /Fjordline Shipping AS/);
  await shot(browser, "clients-after-create");

  await app.quit();
  app = await launch(dataDir);
  browser = app.browser;

  const again = await texts(browser, '[data-testid="client-row"]');
  assert.equal(again.length, 1, "exactly the one client, after a restart");
  assert.match(again[0], /Fjordline Shipping AS/);
  await shot(browser, "clients-after-restart");

  // Lock: the workspace closes and the gate asks again, even though the key is in the keychain.
  await click(browser, "lock-workspace");
  const unlock = await byTestId(browser, "unlock-submit");
  await unlock.waitForClickable({ timeout: 20000 });
  const gate = await textOf(await browser.$("body"));
  assert.match(gate, /Cordon is locked/);
  assert.doesNotMatch(gate, /Fjordline/, "nothing of the workspace shows while locked");
  assert.equal((await browser.$$('[data-testid="client-row"]')).length, 0);
  // A command asked for while locked is refused with the `locked` code.
  const refused = await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__
      .invoke("list_clients", { query: "", includeArchived: true })
      .then(() => done("answered"), (e) => done(e?.code ?? String(e)));
  });
  assert.equal(refused, "locked");
  await shot(browser, "locked");
  await unlock.click();
  const back = await texts(browser, '[data-testid="client-row"]');
  assert.match(back[0], /Fjordline Shipping AS/, "the data is back after unlocking");

  // Ctrl+L locks as well.
  await browser.keys(["Control", "l"]);
  await (await byTestId(browser, "unlock-submit")).waitForClickable({ timeout: 20000 });
  await click(browser, "unlock-submit");
  await texts(browser, '[data-testid="client-row"]');
});
