import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderApp } from "../../test/render";

// Whole-app journeys through the gate; on a loaded machine they can pass 5 s.
vi.setConfig({ testTimeout: 20_000 });

afterEach(() => {
  vi.useRealTimers();
});

describe("locking the workspace", () => {
  it("locks from the header, shows the unlock screen with nothing of the workspace, and unlocks a keychain workspace with one click", async () => {
    const { user, callsOf } = renderApp();
    expect((await screen.findAllByTestId("client-row")).length).toBeGreaterThan(0);
    await user.click(screen.getByTestId("lock-workspace"));

    expect(await screen.findByRole("heading", { name: "Cordon is locked" })).toBeVisible();
    expect(screen.queryByTestId("client-row")).toBeNull();
    expect(screen.queryByTestId("nav-clients")).toBeNull();
    // The key is in the keychain: no passphrase to type.
    expect(screen.queryByTestId("unlock-passphrase")).toBeNull();
    expect(callsOf("lock_workspace")).toHaveLength(1);

    const listedBefore = callsOf("client_overview").length;
    await user.click(screen.getByTestId("unlock-submit"));
    expect((await screen.findAllByTestId("client-row")).length).toBeGreaterThan(0);
    expect(callsOf("unlock_workspace")).toEqual([{ passphrase: "" }]);
    // The data is read again after unlocking, not shown from a cache kept while locked.
    expect(callsOf("client_overview").length).toBeGreaterThan(listedBefore);
  });

  it("asks a passphrase workspace for its passphrase after Ctrl+L", async () => {
    const { user } = renderApp({ keySource: "passphrase", passphrase: "tulip orbit canoe" });
    await screen.findAllByTestId("client-row");
    await user.keyboard("{Control>}l{/Control}");
    const field = await screen.findByTestId("unlock-passphrase");
    await user.type(field, "tulip orbit canoe{Enter}");
    expect((await screen.findAllByTestId("client-row")).length).toBeGreaterThan(0);
  });

  it("locks by itself after the idle time chosen in Settings, and not before", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user, backend, callsOf } = renderApp();
    backend.db.privacy = { idle_lock_minutes: 5, names_in_notifications: false };
    await screen.findAllByTestId("client-row");
    await waitFor(() => expect(callsOf("privacy_settings").length).toBeGreaterThan(0));

    vi.advanceTimersByTime(4 * 60_000);
    expect(callsOf("lock_workspace")).toHaveLength(0);
    // Activity restarts the wait.
    await user.keyboard("x");
    vi.advanceTimersByTime(4 * 60_000);
    expect(callsOf("lock_workspace")).toHaveLength(0);
    vi.advanceTimersByTime(90_000);
    await waitFor(() => expect(callsOf("lock_workspace")).toHaveLength(1));
    expect(await screen.findByRole("heading", { name: "Cordon is locked" })).toBeVisible();
  });
});

describe("lock and notification settings", () => {
  it("saves the idle time and the names switch, names off by default", async () => {
    const { user, callsOf, backend } = renderApp();
    await user.click(await screen.findByTestId("nav-settings"));
    const card = await screen.findByTestId("privacy-settings-card");
    const names = await within(card).findByTestId("settings-notification-names");
    expect(names).not.toBeChecked();

    await user.click(within(card).getByTestId("settings-idle-lock"));
    await user.click(await screen.findByRole("option", { name: "After 15 minutes", hidden: true }));
    await waitFor(() =>
      expect(callsOf("save_privacy_settings").at(-1)).toEqual({
        settings: { idle_lock_minutes: 15, names_in_notifications: false },
      }),
    );
    await user.click(names);
    await waitFor(() => expect(backend.db.privacy.names_in_notifications).toBe(true));
    expect(backend.db.privacy.idle_lock_minutes).toBe(15);
  });
});
