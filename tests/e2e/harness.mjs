// Drives the real Cordon binary: tauri-driver (WebDriver) in front of WebKitWebDriver, one
// app process per session, so "restart the app" is ending a session and starting another.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const screenshotDir = path.join(repo, "target", "e2e-screenshots");
mkdirSync(screenshotDir, { recursive: true });

const appBin = process.env.CORDON_APP_BIN ?? path.join(repo, "target", "debug", "cordon-desktop");
/** The `cordon` CLI built beside the app, for checks over the same workspace. */
export const cliBin = process.env.CORDON_CLI_BIN ?? path.join(path.dirname(appBin), "cordon");
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
  const endGroup = async () => {
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
  };
  return {
    browser,
    /** Ends the app and its driver; after this the data folder is as the app left it. */
    async quit() {
      try {
        await browser.deleteSession();
      } finally {
        await endGroup();
      }
    },
    /**
     * Kills the app with SIGKILL, as a crash or a pulled plug would: no window closes, no page
     * unload handler runs, nothing is flushed. Then ends the driver (its session is dead). The
     * next `launch` on the same folder is the app started again. Returns the app's pid.
     */
    async crash() {
      const pid = appPid(driver.pid);
      if (!pid) throw new Error(`no ${appBin} runs under tauri-driver ${driver.pid}`);
      process.kill(pid, "SIGKILL");
      await waitUntilGone(pid);
      await endGroup();
      return pid;
    },
    driverLog: () => driverLog,
  };
}

/** Every process as pid -> { ppid, exe }, from /proc (Linux, where the journeys run). */
function processes() {
  const out = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name may hold spaces and parentheses: the fields start after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${name}/exe`);
      } catch {
        // a kernel thread, or not ours to read
      }
      out.set(Number(name), { ppid, exe });
    } catch {
      // it ended while we looked
    }
  }
  return out;
}

/** The app started under this driver: tauri-driver -> WebKitWebDriver -> the app. */
function appPid(driverPid) {
  const procs = processes();
  const want = realpathSync(appBin);
  const isUnderDriver = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 16; hops += 1) {
      if (p === driverPid) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  for (const [pid, { exe }] of procs) {
    // A rebuilt binary shows as "<path> (deleted)" while the old one still runs.
    if (exe.replace(/ \(deleted\)$/, "") === want && isUnderDriver(pid)) return pid;
  }
  return null;
}

async function waitUntilGone(pid) {
  for (let i = 0; i < 100; i += 1) {
    if (!isRunning(pid)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`process ${pid} outlived SIGKILL by 5 s`);
}

/** Whether a process still runs (killed but not yet reaped, a zombie, counts as gone). */
export function isRunning(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
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

/** An element's text as the DOM holds it (getText leaves out what is scrolled out of view). */
export async function textOf(el) {
  return (await el.getProperty("textContent")) ?? "";
}

/** Clicks `[data-testid=id]` once shown and clickable, first brought to the middle of the
 * screen, clear of sticky headers (a long console, a drawer's title bar). */
export async function click(browser, id, timeout = 20000) {
  const el = await byTestId(browser, id);
  await el.waitForDisplayed({ timeout });
  await el.scrollIntoView({ block: "center" });
  await el.waitForClickable({ timeout });
  await el.click();
  return el;
}

/** Waits until the text of every `selector` match, together, matches `pattern`; if it never
 * does, saves a screenshot named after `what` and fails with the text that was there. */
export async function waitForText(browser, selector, pattern, what) {
  let last = "";
  await browser
    .waitUntil(
      async () => {
        last = "";
        for (const el of await browser.$$(selector)) last += `${await textOf(el)}\n`;
        return pattern.test(last);
      },
      { timeout: 20000 },
    )
    .catch(async () => {
      await shot(browser, `failed-${what.replace(/\W+/g, "-")}`);
      assert.fail(`${what}: ${selector} reads "${last}"`);
    });
  return last;
}

/**
 * Answers the native file dialog the app opened (GTK's chooser, a window of its own that
 * WebDriver cannot see) as a user would: find the window by its title, type the path into
 * its location field (Ctrl+L) and press Enter. `filePath` null cancels it with Escape.
 */
export async function answerFileDialog(title, filePath, timeoutMs = 20000) {
  const { execFileSync } = await import("node:child_process");
  const xdo = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();
  let win = "";
  const until = Date.now() + timeoutMs;
  while (!win) {
    try {
      win = xdo("search", "--onlyvisible", "--name", `^${title}$`).split("\n")[0];
    } catch {
      // not shown yet: xdotool exits 1 when nothing matches
    }
    if (!win) {
      if (Date.now() > until) throw new Error(`no file dialog titled "${title}" appeared`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  // Without a window manager nothing gives the new window focus: give it, then type.
  xdo("windowfocus", "--sync", win);
  await new Promise((r) => setTimeout(r, 400));
  if (filePath === null) {
    xdo("key", "--clearmodifiers", "Escape");
  } else {
    xdo("key", "--clearmodifiers", "ctrl+l");
    await new Promise((r) => setTimeout(r, 300));
    xdo("key", "--clearmodifiers", "ctrl+a");
    xdo("type", "--clearmodifiers", "--delay", "5", filePath);
    await new Promise((r) => setTimeout(r, 300));
    xdo("key", "--clearmodifiers", "Return");
  }
  // Gone once answered; a save over an existing file would ask again (journeys use new names).
  while (Date.now() < until) {
    try {
      xdo("search", "--onlyvisible", "--name", `^${title}$`);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the file dialog "${title}" did not close after the answer`);
}
