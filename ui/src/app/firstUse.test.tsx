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
