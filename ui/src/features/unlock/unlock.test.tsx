import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../../test/render";

describe("unlocking a locked workspace", () => {
  it("shows the reason, keeps the form after a wrong passphrase and opens on the right one", async () => {
    const { user, callsOf } = renderApp({
      state: "locked",
      keySource: "passphrase",
      passphrase: "tulip orbit canoe",
    });

    expect(await screen.findByText("This workspace is protected by a passphrase.")).toBeVisible();
    const field = screen.getByTestId("unlock-passphrase");
    await user.type(field, "tulip orbit kayak");
    await user.click(screen.getByTestId("unlock-submit"));

    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(
        "That passphrase does not unlock this workspace; check it and try again",
      ),
    );
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveFocus();
    expect(field).toHaveValue("tulip orbit kayak");
    expect(screen.queryByTestId("nav-clients")).not.toBeInTheDocument();

    await user.clear(field);
    await user.type(field, "tulip orbit canoe{Enter}");
    expect(await screen.findByTestId("nav-clients")).toBeVisible();
    expect(callsOf("unlock_workspace")).toEqual([
      { passphrase: "tulip orbit kayak" },
      { passphrase: "tulip orbit canoe" },
    ]);
  });

  it("shows other errors as an alert, not as a wrong passphrase", async () => {
    const { user } = renderApp(
      { state: "locked", keySource: "passphrase" },
      {
        unlock_workspace: () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw {
            code: "not_a_cordon_database",
            message: "this file is not a Cordon database",
            fields: [],
          };
        },
      },
    );
    await user.type(await screen.findByTestId("unlock-passphrase"), "whatever it is{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This file is not a Cordon database",
    );
    expect(screen.getByTestId("unlock-passphrase")).not.toHaveAttribute("aria-invalid", "true");
  });
});

describe("first run", () => {
  it("creates the workspace with the key in the keychain", async () => {
    const { user, callsOf } = renderApp({ state: "first_run" });
    await user.click(await screen.findByTestId("create-workspace-keychain"));
    expect(await screen.findByTestId("nav-clients")).toBeVisible();
    expect(callsOf("create_workspace")).toEqual([{ passphrase: null }]);
  });

  it("asks for a passphrase twice when there is no keychain, and checks it first", async () => {
    const { user, callsOf } = renderApp({ state: "first_run", keychainAvailable: false });
    expect(await screen.findByText("No system keychain was found")).toBeVisible();
    expect(screen.queryByTestId("create-workspace-keychain")).not.toBeInTheDocument();

    const field = screen.getByTestId("unlock-passphrase");
    await user.type(field, "too short");
    await user.click(screen.getByTestId("unlock-submit"));
    expect(field).toHaveAccessibleDescription("Use at least 12 characters.");

    await user.clear(field);
    await user.type(field, "tulip orbit canoe");
    await user.type(screen.getByTestId("passphrase-confirm"), "tulip orbit canoo");
    await user.click(screen.getByTestId("unlock-submit"));
    expect(screen.getByTestId("passphrase-confirm")).toHaveAccessibleDescription(
      "The two passphrases differ; type the same one twice.",
    );
    expect(callsOf("create_workspace")).toEqual([]);

    await user.clear(screen.getByTestId("passphrase-confirm"));
    await user.type(screen.getByTestId("passphrase-confirm"), "tulip orbit canoe");
    await user.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("nav-clients")).toBeVisible();
    expect(callsOf("create_workspace")).toEqual([{ passphrase: "tulip orbit canoe" }]);
  });
});

describe("a workspace that cannot be opened", () => {
  it("says why and offers to check again, with nothing to type", async () => {
    const { user, backend, callsOf } = renderApp({ state: "unavailable" });
    expect(await screen.findByText(/The key file next to the database is damaged/)).toBeVisible();
    expect(screen.queryByTestId("unlock-passphrase")).not.toBeInTheDocument();
    backend.db.state = "ready";
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("nav-clients")).toBeVisible();
    expect(callsOf("workspace_status")).toHaveLength(2);
  });
});
