import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../test/render";

async function openSettings(options: Parameters<typeof renderApp>[0]) {
  const app = renderApp(options);
  await app.user.click(await screen.findByTestId("nav-settings"));
  return { ...app, card: await screen.findByTestId("security-card") };
}

describe("settings", () => {
  it("shows where the data lives and how it is encrypted", async () => {
    const { card } = await openSettings({});
    expect(card).toHaveTextContent("/home/tech/.local/share/cordon/cordon.db");
    expect(card).toHaveTextContent("SQLCipher 4.20.0 community");
    expect(card).toHaveTextContent("System keychain");
    expect(within(card).getByRole("button", { name: "Switch to passphrase" })).toBeEnabled();
    expect(within(card).queryByRole("button", { name: "Change passphrase" })).toBeNull();
    expect(screen.getByTestId("about-card")).toHaveTextContent(/Cordon\s*0\.1\.0/);
  });

  it("explains why the keychain cannot be used when there is none", async () => {
    const { card } = await openSettings({ keySource: "passphrase", keychainAvailable: false });
    expect(within(card).getByRole("button", { name: "Switch to keychain" })).toBeDisabled();
    expect(card).toHaveTextContent("No system keychain was found on this computer");
  });

  it("keeps the change-passphrase dialog open on a wrong current passphrase", async () => {
    const { user, card, callsOf } = await openSettings({
      keySource: "passphrase",
      passphrase: "tulip orbit canoe",
    });
    await user.click(within(card).getByRole("button", { name: "Change passphrase" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText(/Current passphrase/), "wrong one here");
    await user.type(within(dialog).getByLabelText(/New passphrase/), "maple rocket lantern");
    await user.type(within(dialog).getByLabelText(/Type it again/), "maple rocket lantern");
    await user.click(within(dialog).getByRole("button", { name: "Change passphrase" }));

    const current = within(dialog).getByLabelText(/Current passphrase/);
    await waitFor(() =>
      expect(current).toHaveAccessibleDescription(
        "That passphrase does not unlock this workspace; check it and try again",
      ),
    );
    expect(callsOf("change_passphrase")).toEqual([
      { current: "wrong one here", next: "maple rocket lantern" },
    ]);
  });

  it("switches to the keychain and updates the card and header", async () => {
    const { user, card } = await openSettings({
      keySource: "passphrase",
      passphrase: "tulip orbit canoe",
    });
    await user.click(within(card).getByRole("button", { name: "Switch to keychain" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByLabelText(/Current passphrase/), "tulip orbit canoe");
    await user.click(within(dialog).getByRole("button", { name: "Switch to keychain" }));
    await waitFor(() => expect(card).toHaveTextContent("System keychain"));
    expect(screen.getByTestId("key-source")).toHaveTextContent("Keychain");
  });
});

describe("about", () => {
  it("says where the support log is", async () => {
    const { user } = renderApp();
    await user.click(await screen.findByTestId("nav-settings"));
    const about = await screen.findByTestId("about-card");
    expect(await within(about).findByText("/home/tech/.local/share/cordon/logs")).toBeVisible();
    expect(within(about).getByTestId("support-log")).toHaveTextContent(/never\s+passphrases/);
  });
});
