import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { sampleIncident } from "../mocks/incidents";
import { renderApp } from "../test/render";

vi.setConfig({ testTimeout: 20_000 });

describe("small things a first-time user meets", () => {
  it("Reports picks the incident it was opened from", async () => {
    const { user } = renderApp();
    await user.click(await screen.findByTestId("nav-incidents"));
    await user.click((await screen.findAllByTestId("incident-row"))[0]!);
    const title = sampleIncident().incident.title;
    expect(await screen.findByTestId("incident-screen")).toHaveTextContent(title);
    await user.click(screen.getByTestId("nav-reports"));
    await waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>("report-incident").value).toContain(title),
    );
    expect(screen.getByTestId("report-client")).toHaveValue("Northwind Legal LLP");
  });

  it("a client's Incidents tab lists closed incidents too, with a filter to hide them", async () => {
    const base = sampleIncident();
    const closed = { ...base, incident: { ...base.incident, phase: "closed" as const } };
    const { user } = renderApp({ incidents: [closed] });
    await user.click((await screen.findAllByText("Northwind Legal LLP"))[0]!);
    await user.click(await screen.findByTestId("client-tab-incidents"));
    expect(await screen.findByTestId("incidents-table")).toHaveTextContent(base.incident.title);
    const filter = screen.getByTestId("incidents-open-only");
    expect(filter).not.toBeChecked();
    await user.click(filter);
    await waitFor(() => expect(screen.queryByTestId("incidents-table")).toBeNull());
  });

  it("Save details says Saved", async () => {
    const { user, callsOf } = renderApp();
    await user.click(await screen.findByTestId("nav-incidents"));
    await user.click((await screen.findAllByTestId("incident-row"))[0]!);
    await user.click(await screen.findByTestId("incident-tab-details"));
    const panel = screen.getByRole("tabpanel");
    const reported = within(panel).getByLabelText("Reported by");
    await user.clear(reported);
    await user.type(reported, "Front desk");
    await user.click(screen.getByTestId("save-details"));
    await waitFor(() => expect(callsOf("update_incident_details")).toHaveLength(1));
    expect(await screen.findByTestId("details-saved")).toHaveTextContent("Saved");
  });
});

describe("hostile text typed into fields", () => {
  const RLO = "\u202E";
  it("acts on nothing around it on the client page, the lists and the incident screen", async () => {
    const base = sampleIncident();
    const hostile = {
      ...base,
      client_name: `Northwind${RLO} Legal`,
      incident: { ...base.incident, title: `Ransom${RLO}ware`, reported_by: `Front${RLO} desk` },
    };
    const { user, backend } = renderApp({ incidents: [hostile] });
    const northwind = backend.db.clients.find((c) => c.name === "Northwind Legal LLP")!;
    northwind.contacts[0] = {
      ...northwind.contacts[0]!,
      role: `Invoice${RLO}fdp.exe`,
      phone: "+44 20 7946 0018",
    };
    const noRawControls = () => expect(document.body.textContent).not.toMatch(/[\u202A-\u202E]/);

    await user.click((await screen.findAllByText("Northwind Legal LLP"))[0]!);
    const summary = await screen.findByTestId("client-summary");
    expect(summary).toHaveTextContent("(Invoice⟨U+202E⟩fdp.exe) · +44 20 7946 0018");
    noRawControls();

    await user.click(screen.getByTestId("nav-incidents"));
    await user.click((await screen.findAllByTestId("incident-row"))[0]!);
    const facts = await screen.findByTestId("incident-facts");
    expect(facts).toHaveTextContent("reported by Front⟨U+202E⟩ desk");
    expect(facts).toHaveTextContent(/no plan|plan:/);
    noRawControls();
  });
});

describe("inputs that refuse a value say so at the field", () => {
  it("a colour that is not one gets a field error and nothing is saved", async () => {
    const { user, callsOf } = renderApp();
    await screen.findAllByTestId("client-row");
    await user.keyboard("n");
    await user.type(await screen.findByTestId("client-name-input"), "Blue Harbour Ltd");
    const colour = screen.getByTestId("client-accent-colour");
    await user.type(colour, "blue");
    await user.tab();
    expect(colour).toHaveValue("blue");
    expect(await screen.findByText(/“blue” is not a colour Cordon can print/)).toBeVisible();
    await user.click(screen.getByTestId("client-save"));
    expect(callsOf("create_client")).toEqual([]);
  });

  it('an RTO of "-5" or "abc" is kept and refused at the field; an empty risk says what to pick', async () => {
    const { user, callsOf } = renderApp();
    await user.click((await screen.findAllByText("Harbour Dental Group"))[0]!);
    await user.click(await screen.findByTestId("client-tab-assets"));
    await user.click(await screen.findByTestId("new-asset"));
    await user.type(await screen.findByTestId("asset-name-input"), "NAS-02");
    const rto = screen.getByTestId("asset-rto");
    await user.type(rto, "-5");
    await user.tab();
    expect(rto).toHaveValue("-5");
    expect(await screen.findByText("The RTO cannot be less than 0 (you typed -5)")).toBeVisible();
    await user.clear(rto);
    await user.type(rto, "abc");
    await user.tab();
    expect(rto).toHaveValue("abc");
    expect(await screen.findByText(/The RTO: “abc” is not a whole number/)).toBeVisible();
    await user.type(screen.getByLabelText("Rationale"), "Holds every X-ray");
    await user.click(screen.getByTestId("asset-save"));
    expect(await screen.findByText(/Pick a likelihood from 1/)).toBeVisible();
    expect(screen.getByText(/Pick an impact from 1/)).toBeVisible();
    expect(screen.queryByText(/got 0/)).toBeNull();
    expect(callsOf("create_asset")).toEqual([]);
  });
});
