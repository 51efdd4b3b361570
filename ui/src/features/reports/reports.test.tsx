import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AppError } from "../../bindings";
import { renderApp } from "../../test/render";

function reject(error: AppError): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw error;
}

async function pick(
  user: ReturnType<typeof renderApp>["user"],
  testId: string,
  option: string | RegExp,
) {
  await user.click(await screen.findByTestId(testId));
  await user.click(await screen.findByRole("option", { name: option, hidden: true }));
}

async function openReports(
  override: Parameters<typeof renderApp>[1] = {},
  client = "Northwind Legal LLP",
  options: Parameters<typeof renderApp>[0] = {},
): Promise<ReturnType<typeof renderApp>> {
  const app = renderApp({ saveFolder: "/home/tech/reports", ...options }, override);
  await app.user.click(await screen.findByTestId("nav-reports"));
  await pick(app.user, "report-client", client);
  return app;
}

describe("reports screen", () => {
  it("previews an incident's client report, then saves it where the shell's dialog says and opens its folder", async () => {
    const { user, callsOf } = await openReports({
      "plugin:opener|reveal_item_in_dir": () => null,
    });
    await pick(user, "report-incident", /Ransomware on the file server/);

    const preview = await screen.findByTestId("report-preview");
    expect(within(preview).getAllByRole("img")).toHaveLength(2);
    expect(within(preview).getByText("Executive summary")).toBeVisible();
    expect(within(preview).queryByText("Internal notes")).toBeNull();
    const first = callsOf("incident_report_preview")[0]!;
    expect(first.audience).toBe("client");
    expect(first.pages).toBe(2);

    await user.type(screen.getByTestId("report-approver"), "Sam Patel");
    await user.type(screen.getByTestId("report-distribution"), "Ana Reyes{enter}Tom Okafor");
    await user.click(screen.getByTestId("report-save"));
    const saved = await screen.findByTestId("report-saved");
    expect(saved).toHaveTextContent(/\/home\/tech\/reports\/.*client-report\.pdf/);
    expect(saved).toHaveTextContent("6 pages");
    const exported = callsOf("export_incident_report")[0]!;
    expect(exported.audience).toBe("client");
    // The page proposes a file name; the folder and the path are the dialog's, in the shell.
    expect(String(exported.suggestedName)).toMatch(/^[a-z0-9-]+-client-report\.pdf$/);
    expect(Object.keys(exported)).not.toContain("path");
    expect(exported.control).toEqual({
      version: "1.0",
      approver: "Sam Patel",
      distribution: ["Ana Reyes", "Tom Okafor"],
    });

    await user.click(within(saved).getByTestId("report-open-folder"));
    await waitFor(() =>
      expect(callsOf("plugin:opener|reveal_item_in_dir")).toEqual([
        { paths: [`/home/tech/reports/${String(exported.suggestedName)}`] },
      ]),
    );
    // A whole journey through selects and typing: slower than the default 5 s on a busy machine.
  }, 20_000);

  it("prints a tabletop exercise's after-action report with its control facts", async () => {
    const { user, callsOf, backend } = await openReports();
    // The sample exercise belongs to the client picked above.
    const client = backend.db.clients.find((c) => c.name === "Northwind Legal LLP")!;
    backend.exercises.views[0]!.exercise.client_id = client.id;
    await user.click(screen.getByText("After-action report"));
    await pick(user, "report-exercise", /Ransomware tabletop · not started/);
    const preview = await screen.findByTestId("report-preview");
    expect(within(preview).getByText("Improvement plan")).toBeVisible();
    expect(screen.queryByTestId("report-audience")).toBeNull();
    await user.type(screen.getByTestId("report-approver"), "Ana Reyes");
    await user.click(screen.getByTestId("report-save"));
    expect(await screen.findByTestId("report-saved")).toHaveTextContent("12 pages");
    expect(callsOf("export_exercise_report")[0]).toMatchObject({
      id: "ex-1",
      control: { version: "1.0", approver: "Ana Reyes", distribution: [] },
    });
  }, 20_000);

  it("switches to the internal version and redraws the preview with its extra sections", async () => {
    const { user, callsOf } = await openReports();
    await pick(user, "report-incident", /Ransomware on the file server/);
    await screen.findByTestId("report-preview");
    await user.click(screen.getByText("Internal (everything)"));
    expect(await screen.findByText("Indicators of compromise")).toBeVisible();
    expect(screen.getByText(/Do not send it to the client/)).toBeVisible();
    expect(callsOf("incident_report_preview").at(-1)!.audience).toBe("internal");
  });

  it("prints the plan binder of the approved version, and says nothing when the dialog is cancelled", async () => {
    // Harbour has an approved v2 (see mocks/plans.ts).
    const { user, callsOf } = await openReports({}, "Harbour Dental Group", {
      saveFolder: null,
    });
    await user.click(screen.getByText("Plan binder"));
    const version = await screen.findByTestId("report-plan");
    expect((version as HTMLInputElement).value).toMatch(/approved/);
    expect(await screen.findByText("Contacts and out-of-band channels")).toBeVisible();
    expect(screen.queryByTestId("report-audience")).toBeNull();
    await user.click(screen.getByTestId("report-save"));
    await waitFor(() => expect(callsOf("export_plan_binder")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("report-save")).toBeEnabled());
    expect(screen.queryByTestId("report-saved")).toBeNull();
    expect(screen.queryByTestId("report-error")).toBeNull();
  });

  it("shows the backend's message when the file cannot be written", async () => {
    const { user } = await openReports({
      export_incident_report: () =>
        reject({
          code: "invalid_input",
          message:
            "destination: cannot write /read-only/report.pdf: permission denied; choose another folder",
          fields: [{ field: "destination", message: "cannot write" }],
        }),
    });
    await pick(user, "report-incident", /Ransomware on the file server/);
    await user.click(await screen.findByTestId("report-save"));
    expect(await screen.findByTestId("report-error")).toHaveTextContent(
      "Destination: cannot write /read-only/report.pdf: permission denied; choose another folder",
    );
  });
});

describe("export PDF from the incident screen", () => {
  it("opens the export dialog for this incident", async () => {
    const { user, callsOf } = renderApp();
    await user.click(await screen.findByTestId("nav-incidents"));
    await user.click((await screen.findAllByTestId("incident-row"))[0]!);
    await user.click(await screen.findByTestId("export-pdf"));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByTestId("report-preview")).toBeVisible();
    const view = callsOf("incident")[0]!;
    expect(callsOf("incident_report_preview")[0]!.id).toBe(view.id);
  });
});

describe("export PDF from the plan editor", () => {
  it("opens the binder export for the version being edited", async () => {
    const { user, callsOf } = renderApp();
    const rows = await screen.findAllByTestId("client-row");
    await user.click(rows.find((r) => r.textContent?.includes("Harbour Dental Group"))!);
    await user.click(await screen.findByTestId("client-tab-plan"));
    const editor = await screen.findByTestId("plan-editor");
    await user.click(within(editor).getByTestId("export-pdf"));
    const dialog = await screen.findByRole("dialog");
    expect(await within(dialog).findByText("Contacts and out-of-band channels")).toBeVisible();
    expect(callsOf("plan_binder_preview")[0]!.planId).toBe(editor.dataset.planId);
  });
});

describe("MSP branding in settings", () => {
  it("saves the name, and shows a field error for an empty one", async () => {
    const { user, backend } = renderApp();
    await user.click(await screen.findByTestId("nav-settings"));
    const card = await screen.findByTestId("msp-branding-card");
    const name = await within(card).findByTestId("msp-name");
    await user.clear(name);
    await user.click(within(card).getByTestId("msp-save"));
    expect(await within(card).findByText(/Type the MSP's name/)).toBeVisible();
    await user.type(name, "Nordlicht IT-Sicherheit");
    await user.click(within(card).getByTestId("msp-save"));
    expect(await within(card).findByText("Saved")).toBeVisible();
    expect(backend.reports.branding.name).toBe("Nordlicht IT-Sicherheit");
  });
});
