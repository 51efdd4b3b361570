import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../test/render";

describe("shell", () => {
  it("moves between sections by click, Alt+number and g-then-key", async () => {
    const { user } = renderApp();
    await screen.findAllByTestId("client-row");
    expect(screen.getByTestId("nav-clients")).toHaveAttribute("aria-current", "page");

    await user.click(screen.getByTestId("nav-plans"));
    expect(await screen.findAllByTestId("plan-row")).toHaveLength(3);

    await user.keyboard("{Alt>}7{/Alt}");
    expect(await screen.findByTestId("security-card")).toBeVisible();

    await user.keyboard("gi");
    expect(await screen.findByRole("heading", { name: "Incidents" })).toBeVisible();
    expect(await screen.findByTestId("incidents-table")).toBeVisible();

    // "g" then "n" is not a section; it must not reach the Clients screen's "n" either.
    await user.keyboard("gc");
    await screen.findAllByTestId("client-row");
    await user.keyboard("gn");
    expect(screen.queryByTestId("client-form")).not.toBeInTheDocument();
  });

  it("focuses the search with / and opens a new client with n", async () => {
    const { user } = renderApp();
    await screen.findAllByTestId("client-row");
    await user.keyboard("/");
    expect(screen.getByTestId("client-search")).toHaveFocus();
    // Typing in the search box is typing, not shortcuts.
    await user.keyboard("n");
    expect(screen.getByTestId("client-search")).toHaveValue("n");
    expect(screen.queryByTestId("client-form")).not.toBeInTheDocument();

    await user.keyboard("{Escape}");
    await user.keyboard("n");
    await waitFor(() => expect(screen.getByTestId("client-name-input")).toHaveFocus());
  });

  it("shows where the key lives, from the start-up status alone", async () => {
    const { callsOf } = renderApp({ keySource: "passphrase" });
    expect(await screen.findByTestId("key-source")).toHaveTextContent("Encrypted · Passphrase");
    expect(callsOf("workspace_status")).toHaveLength(1);
    expect(callsOf("workspace_info")).toHaveLength(0);
  });

  it("returns to the unlock screen when the backend reports the workspace locked", async () => {
    const { user, backend } = renderApp({ keySource: "passphrase" });
    await screen.findAllByTestId("client-row");
    backend.db.state = "locked";
    await user.click(screen.getByTestId("show-archived"));
    expect(await screen.findByTestId("unlock-passphrase")).toBeVisible();
  });
});
