import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AppError } from "../../bindings";
import { SAMPLE_CLIENTS } from "../../mocks/backend";
import { renderApp } from "../../test/render";

function reject(error: AppError): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw error;
}

describe("clients list", () => {
  it("renders a row per client from clientOverview, archived ones hidden", async () => {
    const { callsOf } = renderApp();
    const rows = await screen.findAllByTestId("client-row");
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual([
      "Brightwater Credit Union",
      "Harbour Dental Group",
      "Northwind Legal LLP",
    ]);
    const harbour = rows[1]!;
    expect(harbour).toHaveTextContent("Healthcare");
    expect(harbour).toHaveTextContent("US, US-CA");
    expect(harbour).toHaveTextContent("Ana Reyes");
    expect(callsOf("client_overview")).toEqual([{ query: "", includeArchived: false }]);
  });

  it("passes the typed search, debounced, and shows only what comes back", async () => {
    const { callsOf } = renderApp();
    await screen.findAllByTestId("client-row");
    // Keystrokes 30 ms apart, as a quick typist's: closer together than the debounce.
    await userEvent.setup({ delay: 30 }).type(screen.getByTestId("client-search"), "harb");
    await waitFor(() => expect(screen.getAllByTestId("client-row")).toHaveLength(1));
    expect(screen.getByTestId("client-row")).toHaveTextContent("Harbour Dental Group");
    // Typing four letters quickly searches once for the whole word, not once per letter.
    expect(callsOf("client_overview").map((a) => a.query)).toEqual(["", "harb"]);
  });

  it("asks for archived clients when the switch is on", async () => {
    const { user, callsOf } = renderApp();
    await screen.findAllByTestId("client-row");
    await user.click(screen.getByTestId("show-archived"));
    expect(await screen.findByText("Kestrel Manufacturing GmbH")).toBeVisible();
    expect(callsOf("client_overview").at(-1)).toEqual({ query: "", includeArchived: true });
  });

  it("shows the empty state with a way to add the first client", async () => {
    const { user } = renderApp({ clients: [] });
    expect(
      await screen.findByText("No clients yet — add the first company you look after"),
    ).toBeVisible();
    expect(screen.queryByTestId("client-row")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Add a client" }));
    const form = await screen.findByTestId("client-form");
    await waitFor(() => expect(form).toBeVisible()); // after the drawer's transition
  });

  it("says so when a search matches nothing", async () => {
    const { user } = renderApp();
    await screen.findAllByTestId("client-row");
    await user.type(screen.getByTestId("client-search"), "zzz");
    expect(await screen.findByText(/No active clients match “zzz”/)).toBeVisible();
  });
});

describe("client form", () => {
  it("creates a client and lists it", async () => {
    const { user, callsOf } = renderApp({ clients: [] });
    await user.click(await screen.findByTestId("new-client"));
    await user.type(await screen.findByTestId("client-name-input"), "Acme Ltd");
    await user.click(screen.getByTestId("client-save"));
    expect(await screen.findByTestId("client-row")).toHaveTextContent("Acme Ltd");
    expect(callsOf("create_client")[0]).toMatchObject({
      input: { name: "Acme Ltd", insurer: null, contract_notice_hours: null },
    });
  });

  it("puts each field error from invalid_input under its input", async () => {
    const { user } = renderApp(
      { clients: [] },
      {
        create_client: () =>
          reject({
            code: "invalid_input",
            message: "some fields need attention",
            fields: [
              { field: "name", message: "a client needs a name" },
              { field: "contacts.1.email", message: "'bob-at-example' is not an email address" },
              { field: "insurer.name", message: "name the insurer, or clear the insurer fields" },
              { field: "branding.logo", message: "the logo is 2.1 MB; use one under 512 KB" },
              { field: "legal_hold", message: "a field this form does not show" },
            ],
          }),
      },
    );
    await user.click(await screen.findByTestId("new-client"));
    const form = await screen.findByTestId("client-form");
    const addContact = within(form).getByRole("button", { name: "Add contact" });
    await user.click(addContact);
    await user.click(addContact);
    await user.click(screen.getByTestId("client-save"));

    const name = screen.getByTestId("client-name-input");
    await waitFor(() => expect(name).toHaveAccessibleDescription(/A client needs a name/));
    expect(name).toHaveAttribute("aria-invalid", "true");
    await waitFor(() => expect(name).toHaveFocus());

    const [first, second] = screen.getAllByTestId("contact-row");
    expect(within(second!).getByLabelText("Email")).toHaveAccessibleDescription(
      "'bob-at-example' is not an email address",
    );
    expect(within(first!).getByLabelText("Email")).not.toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByLabelText("Insurer")).toHaveAccessibleDescription(
      "Name the insurer, or clear the insurer fields",
    );
    expect(within(form).getByText("The logo is 2.1 MB; use one under 512 KB")).toBeVisible();
    // A path with no input is not lost: it is listed above the Save button.
    expect(within(form).getByRole("alert")).toHaveTextContent("A field this form does not show");
  });

  it("sends the typed time zone and shows an unknown one under its field", async () => {
    const { user, callsOf } = renderApp({ clients: [] });
    await user.click(await screen.findByTestId("new-client"));
    await user.type(await screen.findByTestId("client-name-input"), "Acme GmbH");
    const zone = screen.getByTestId("client-time-zone-input");
    await user.click(zone);
    await user.paste("Europe/Hamburg");
    await user.click(screen.getByTestId("client-save"));
    await waitFor(() =>
      expect(zone).toHaveAccessibleDescription(/'Europe\/Hamburg' is not a time zone/),
    );
    await user.clear(zone);
    await user.paste("Europe/Berlin");
    await user.click(screen.getByTestId("client-save"));
    expect(await screen.findByTestId("client-row")).toHaveTextContent("Acme GmbH");
    expect(callsOf("create_client")).toMatchObject([
      { input: { time_zone: "Europe/Hamburg" } },
      { input: { time_zone: "Europe/Berlin" } },
    ]);
  });

  it("shows a non-field error as an alert and keeps what was typed", async () => {
    const { user } = renderApp(
      { clients: [] },
      {
        create_client: () =>
          reject({ code: "storage", message: "the disk is full; free some space", fields: [] }),
      },
    );
    await user.click(await screen.findByTestId("new-client"));
    await user.type(await screen.findByTestId("client-name-input"), "Acme Ltd");
    await user.click(screen.getByTestId("client-save"));
    expect(await screen.findByRole("alert")).toHaveTextContent("The disk is full; free some space");
    expect(screen.getByTestId("client-name-input")).toHaveValue("Acme Ltd");
  });

  it("edits an existing client and archives it after confirmation", async () => {
    const { user, callsOf } = renderApp();
    await user.click((await screen.findAllByTestId("client-row"))[1]!);
    await user.click(await screen.findByTestId("edit-client"));
    const name = await screen.findByTestId("client-name-input");
    expect(name).toHaveValue("Harbour Dental Group");
    expect(screen.getAllByTestId("contact-row")).toHaveLength(2);

    await user.click(screen.getByTestId("client-archive"));
    await user.click(await screen.findByTestId("confirm-archive"));
    expect(callsOf("archive_client")).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Back to the list" }));
    await waitFor(() => expect(screen.getAllByTestId("client-row")).toHaveLength(2));
    expect(callsOf("archive_client")).toEqual([{ id: SAMPLE_CLIENTS[0]!.id }]);
  });

  it("shows user text as text, never as HTML", async () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    const { user } = renderApp({ clients: [] });
    await user.click(await screen.findByTestId("new-client"));
    await user.click(await screen.findByTestId("client-name-input"));
    await user.paste(payload);
    await user.click(screen.getByTestId("client-save"));
    const row = await screen.findByTestId("client-row");
    expect(row).toHaveTextContent(payload);
    expect(row.querySelector("img")).toBeNull();
  });
});
