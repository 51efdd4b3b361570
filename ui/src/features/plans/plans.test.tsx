import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AppError, PlanInput } from "../../bindings";
import { renderApp } from "../../test/render";

function reject(error: AppError): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw error;
}

/** Rows are sorted by name: Brightwater, Harbour, Northwind (Kestrel is archived). */
async function openClient(user: ReturnType<typeof renderApp>["user"], name: string) {
  const rows = await screen.findAllByTestId("client-row");
  const row = rows.find((r) => r.textContent?.includes(name));
  await user.click(row!);
  return screen.findByTestId("client-page");
}

async function openPlan(user: ReturnType<typeof renderApp>["user"], name: string) {
  await openClient(user, name);
  await user.click(screen.getByTestId("client-tab-plan"));
  return screen.findByTestId("plan-editor");
}

describe("clients overview", () => {
  it("shows each client's readiness and plan status", async () => {
    const { user, callsOf } = renderApp();
    await user.click(await screen.findByTestId("show-archived"));
    await screen.findByText("Kestrel Manufacturing GmbH");
    const rows = screen.getAllByTestId("client-row");
    const byName = (n: string) => rows.find((r) => r.textContent?.includes(n))!;

    const harbour = byName("Harbour Dental Group");
    expect(within(harbour).getByTestId("plan-status")).toHaveTextContent("Approved v2");
    expect(within(harbour).getByTestId("readiness-badge")).toHaveAttribute("data-status", "green");
    expect(within(harbour).getByTestId("readiness-badge")).toHaveTextContent("85");

    const northwind = byName("Northwind Legal LLP");
    expect(within(northwind).getByTestId("plan-status")).toHaveTextContent("Draft v1");
    expect(within(northwind).getByTestId("readiness-badge")).toHaveAttribute(
      "data-status",
      "yellow",
    );

    const brightwater = byName("Brightwater Credit Union");
    expect(within(brightwater).getByTestId("plan-status")).toHaveTextContent("Review overdue");
    expect(within(brightwater).getByTestId("plan-status")).toHaveAttribute(
      "data-status",
      "overdue",
    );

    const kestrel = byName("Kestrel Manufacturing GmbH");
    expect(within(kestrel).getByTestId("plan-status")).toHaveTextContent("No plan");
    expect(within(kestrel).getByTestId("readiness-badge")).toHaveAttribute("data-status", "red");

    expect(callsOf("client_overview").at(-1)).toEqual({ query: "", includeArchived: true });
    expect(callsOf("list_clients")).toHaveLength(0);
  }, 15_000);
});

describe("client page", () => {
  it("opens on the readiness panel, and a gap's link goes to the plan section to fix", async () => {
    const { user } = renderApp();
    await openClient(user, "Harbour Dental Group");
    const panel = await screen.findByTestId("readiness-panel");
    expect(within(panel).getByTestId("readiness-score")).toHaveAttribute("data-score", "85");
    const gaps = within(panel).getAllByTestId("readiness-gap");
    expect(gaps).toHaveLength(2);

    const escalationGap = gaps.find((g) => g.dataset.kind === "escalation_without_minutes")!;
    await user.click(within(escalationGap).getByRole("button"));
    expect(await screen.findByTestId("plan-editor")).toBeVisible();
    expect(screen.getByTestId("client-tab-plan")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("plan-section-escalation")).toHaveAttribute("aria-current", "true");
    expect(screen.getAllByTestId("escalation-level")).toHaveLength(2);

    // Back to the overview; the asset gap leads to the Assets tab.
    await user.click(screen.getByTestId("client-tab-overview"));
    const assetGap = (await screen.findAllByTestId("readiness-gap")).find(
      (g) => g.dataset.kind === "asset_without_owner",
    )!;
    await user.click(within(assetGap).getByRole("button"));
    await waitFor(() =>
      expect(screen.getByTestId("client-tab-assets")).toHaveAttribute("aria-selected", "true"),
    );
    // ... with the asset's drawer open.
    expect(await screen.findByTestId("asset-name-input", {}, { timeout: 4000 })).toHaveValue(
      "Dentrix practice management",
    );
  }, 15_000);

  it("offers a new plan from the template when there is none, and opens the editor", async () => {
    const { user, callsOf } = renderApp({ plans: [] });
    await openClient(user, "Northwind Legal LLP");
    const gap = await screen.findByTestId("readiness-gap");
    await user.click(within(gap).getByRole("button"));
    expect(await screen.findByTestId("new-plan")).toBeVisible();
    expect(screen.getByTestId("template-baseline")).toBeVisible();
    await user.click(screen.getByTestId("create-plan"));
    expect(await screen.findByTestId("plan-version")).toHaveTextContent("v1 Draft");
    expect(callsOf("create_plan_from_template")).toEqual([
      { clientId: "0197c2de-0000-7000-8000-000000000002", template: "baseline" },
    ]);
  }, 15_000);
});

describe("plan editor", () => {
  it("autosaves an edit and follows the new draft when the plan was approved", async () => {
    const { user, callsOf, backend } = renderApp();
    const editor = await openPlan(user, "Harbour Dental Group");
    const approvedId = editor.dataset.planId;
    expect(screen.getByTestId("plan-version")).toHaveTextContent("v2 Approved");
    expect(screen.getByTestId("plan-saved")).toHaveTextContent("Saved");

    await user.click(screen.getByTestId("plan-section-escalation"));
    const [first] = screen.getAllByTestId("escalation-minutes");
    await user.type(first!, "30");

    await waitFor(() => expect(callsOf("update_plan").length).toBeGreaterThan(0), {
      timeout: 3000,
    });
    const call = callsOf("update_plan")[0]!;
    expect(call.id).toBe(approvedId);
    expect((call.input as PlanInput).escalation[0]!.after_minutes).toBe(30);

    await waitFor(() => expect(screen.getByTestId("plan-version")).toHaveTextContent("v3 Draft"));
    expect(screen.getByTestId("new-draft-notice")).toHaveTextContent("started draft v3");
    await waitFor(() => expect(screen.getByTestId("plan-saved")).toHaveTextContent("Saved"));
    const draft = backend.plans.plans.find((p) => p.version === 3)!;
    expect(screen.getByTestId("plan-editor")).toHaveAttribute("data-plan-id", draft.id);

    // The next edit goes into the draft, not the approved version again.
    await user.type(screen.getAllByTestId("escalation-minutes")[1]!, "5");
    await waitFor(() => expect(callsOf("update_plan")).toHaveLength(2), { timeout: 3000 });
    expect(callsOf("update_plan")[1]!.id).toBe(draft.id);

    // And the diff against the approved version lists the change.
    await user.click(screen.getByRole("button", { name: "Changes since approved" }));
    expect(await within(await screen.findByTestId("plan-diff")).findByText("Escalation changed"));
  }, 15_000);

  it("adds a template's playbook with its steps, through the backend", async () => {
    const { user, callsOf } = renderApp();
    const editor = await openPlan(user, "Harbour Dental Group");
    const approvedId = editor.dataset.planId;
    await user.click(screen.getByTestId("plan-section-playbooks"));
    const before = screen.getAllByTestId("playbook").length;
    const picker = screen.getByTestId("add-playbook");
    await user.click(picker);
    const listbox = document.getElementById(picker.getAttribute("aria-controls") ?? "")!;
    const [option] = within(listbox).getAllByRole("option", { hidden: true });
    await user.click(option!);

    await waitFor(() => expect(callsOf("add_playbook_from_template")).toHaveLength(1));
    expect(callsOf("add_playbook_from_template")[0]!.id).toBe(approvedId);
    await waitFor(() => expect(screen.getAllByTestId("playbook")).toHaveLength(before + 1));
    expect(screen.getByTestId("plan-version")).toHaveTextContent("v3 Draft");
    expect(callsOf("update_plan")).toHaveLength(0);
  }, 15_000);

  it("saves a waiting edit when the editor is left before the autosave delay", async () => {
    const { user, callsOf } = renderApp();
    await openPlan(user, "Northwind Legal LLP");
    await user.click(screen.getByTestId("plan-section-escalation"));
    await user.type(screen.getAllByTestId("escalation-minutes")[0]!, "15");
    await user.click(screen.getByTestId("client-tab-overview"));
    await waitFor(() => expect(callsOf("update_plan")).toHaveLength(1));
    expect((callsOf("update_plan")[0]!.input as PlanInput).escalation[0]!.after_minutes).toBe(15);
  }, 15_000);

  it("puts a field error from the backend under the escalation minutes input", async () => {
    const { user } = renderApp(
      {},
      {
        update_plan: () =>
          reject({
            code: "invalid_input",
            message: "some fields of the plan need attention",
            fields: [{ field: "escalation.1.after_minutes", message: "minutes must be 1 or more" }],
          }),
      },
    );
    await openPlan(user, "Northwind Legal LLP");
    await user.click(screen.getByTestId("plan-section-escalation"));
    const minutes = screen.getAllByTestId("escalation-minutes");
    await user.clear(minutes[1]!);
    await user.type(minutes[1]!, "0");

    await waitFor(
      () => expect(minutes[1]!).toHaveAccessibleDescription("Minutes must be 1 or more"),
      { timeout: 3000 },
    );
    expect(minutes[1]!).toHaveAttribute("aria-invalid", "true");
    expect(minutes[0]!).not.toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("plan-saved")).toHaveTextContent("Not saved");
  }, 15_000);

  it("approves a draft with the approver's name and note", async () => {
    const { user, callsOf } = renderApp();
    const editor = await openPlan(user, "Northwind Legal LLP");
    expect(screen.getByTestId("plan-version")).toHaveTextContent("v1 Draft");
    await user.click(screen.getByTestId("approve-plan"));
    await user.type(await screen.findByTestId("approver-input"), "Priya Shah");
    await user.type(screen.getByLabelText(/Note/), "Signed at the board meeting");
    await user.click(screen.getByTestId("confirm-approve"));

    await waitFor(() =>
      expect(screen.getByTestId("plan-version")).toHaveTextContent("v1 Approved"),
    );
    expect(callsOf("approve_plan")).toEqual([
      { id: editor.dataset.planId, approver: "Priya Shah", note: "Signed at the board meeting" },
    ]);
  }, 15_000);
});

describe("plan review", () => {
  it("shows an overdue review in red and records a review into the log", async () => {
    const { user, callsOf } = renderApp();
    const editor = await openPlan(user, "Brightwater Credit Union");
    await user.click(screen.getByTestId("plan-section-review"));
    expect(
      await within(screen.getByTestId("review-due")).findByText(/Overdue since/),
    ).toBeVisible();

    await user.type(screen.getByLabelText("Reviewed by"), "Marcus Lee");
    await user.type(screen.getByLabelText("What changed"), "no changes");
    await user.click(screen.getByTestId("record-review"));
    const log = await screen.findByTestId("review-log");
    expect(log).toHaveTextContent("Marcus Lee");
    expect(callsOf("record_plan_review")).toEqual([
      { id: editor.dataset.planId, reviewer: "Marcus Lee", summary: "no changes" },
    ]);
    await waitFor(() =>
      expect(within(screen.getByTestId("review-due")).queryByText(/Overdue/)).toBeNull(),
    );
  }, 15_000);
});

describe("plans section", () => {
  it("lists every client's plan and opens the client's Plan tab", async () => {
    const { user } = renderApp();
    await user.click(await screen.findByTestId("nav-plans"));
    const rows = await screen.findAllByTestId("plan-row");
    expect(rows).toHaveLength(3);
    const brightwater = rows.find((r) => r.textContent?.includes("Brightwater"))!;
    expect(brightwater).toHaveTextContent("days overdue");
    await user.click(rows.find((r) => r.textContent?.includes("Harbour"))!);
    expect(await screen.findByTestId("plan-editor")).toBeVisible();
    expect(screen.getByTestId("client-tab-plan")).toHaveAttribute("aria-selected", "true");
  }, 15_000);
});
