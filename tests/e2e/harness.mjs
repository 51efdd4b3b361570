// Drives the real Cordon binary: tauri-driver (WebDriver) in front of WebKitWebDriver, one
// app process per session, so "restart the app" is ending a session and starting another.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const screenshotDir = path.join(repo, "target", "e2e-screenshots");
mkdirSync(screenshotDir, { recursive: true });

const appBin = process.env.CORDON_APP_BIN ?? path.join(repo, "target", "debug", "cordon-desktop");
const driverBin = process.env.TAURI_DRIVER ?? path.join(os.homedir(), ".cargo", "bin", "tauri-driver");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

async function waitForDriver(port, child) {
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("tauri-driver did not start listening within 10 s");
}

export function newDataDir() {
  return mkdtempSync(path.join(os.tmpdir(), "cordon-e2e-"));
}

/**
 * Starts the app on `dataDir`. `env` is added to the app's environment (an empty
 * DBUS_SESSION_BUS_ADDRESS hides the keychain, for the passphrase journey).
 */
export async function launch(dataDir, env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, CORDON_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group, so quitting ends the driver, WebKitWebDriver and the app together:
    // on a loaded machine the app could outlive a killed driver, keep its stderr pipe open and
    // hold this test file open for ever.
    detached: true,
  });
  let driverLog = "";
  driver.stderr.on("data", (d) => {
    driverLog += d;
  });
  await waitForDriver(port, driver);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: appBin } },
  });
  return {
    browser,
    /** Ends the app and its driver; after this the data folder is as the app left it. */
    async quit() {
      try {
        await browser.deleteSession();
      } finally {
        const exited = new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
        const signalGroup = (signal) => {
          try {
            process.kill(-driver.pid, signal);
          } catch {
            // the whole group is gone already
          }
        };
        signalGroup("SIGTERM");
        await exited;
        // Whatever in the group ignored SIGTERM (an app still closing its window) goes now.
        await new Promise((r) => setTimeout(r, 500));
        signalGroup("SIGKILL");
        driver.stderr?.destroy();
      }
    },
    driverLog: () => driverLog,
  };
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

export async function shot(browser, name) {
  // Let transitions (drawer closing, navbar) settle so the picture shows the screen at rest.
  await browser.pause(800);
  const file = path.join(screenshotDir, `${name}.png`);
  await browser.saveScreenshot(file);
  return file;
}

/** Texts of all elements matching `selector`, once at least `atLeast` of them are shown. */
export async function texts(browser, selector, atLeast = 1) {
  await browser.waitUntil(async () => (await browser.$$(selector).length) >= atLeast, {
    timeout: 10000,
    timeoutMsg: `expected at least ${atLeast} of ${selector}`,
  });
  const out = [];
  for (const el of await browser.$$(selector)) out.push(await el.getText());
  return out;
}
