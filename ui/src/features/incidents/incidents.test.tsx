import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import { theme } from "../../app/theme";
import type { AppError, IncidentView, TimelineEntry } from "../../bindings";
import { createMockBackend, type MockOptions } from "../../mocks/backend";
import { gdprClock, sampleIncident } from "../../mocks/incidents";
import { renderApp } from "../../test/render";
import { highlight } from "../../lib/highlight";
import { IncidentScreen } from "./IncidentScreen";
import { IncidentList } from "./IncidentsScreen";

vi.setConfig({ testTimeout: 20_000 });

const NORTHWIND = "0197c2de-0000-7000-8000-000000000002";
const INCIDENT = "0197c2de-5555-7000-8000-000000000001";

function reject(error: AppError): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw error;
}

/** One component over the in-memory backend; every call is recorded. */
function renderWith(
  ui: ReactNode,
  options: MockOptions = {},
  override: Record<string, (args: Record<string, unknown>) => unknown> = {},
) {
  const backend = createMockBackend(options);
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = override[cmd];
    return handler ? handler(args) : backend.handle(cmd, args);
  });
  const user = userEvent.setup({ delay: null });
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
  const callsOf = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  return { user, backend, callsOf };
}

function screenFor(view: IncidentView, entryId?: string) {
  return renderWith(
    <IncidentScreen target={{ incidentId: view.incident.id, seq: 1, entryId }} onBack={() => {}} />,
    { incidents: [view] },
  );
}

function entry(seq: number, text: string): TimelineEntry {
  return {
    id: `0197c2de-6666-7000-8000-00000000000${seq}`,
    incident_id: INCIDENT,
    seq,
    occurred_at: "2026-11-25T08:30:00Z",
    recorded_at: "2026-11-25T08:31:00Z",
    author: "Sam Carter",
    kind: "observation",
    text,
    client_visible: false,
    technique: null,
    corrects: null,
    prev_hash: "",
    hash: "",
  };
}

describe("new incident form", () => {
  it("shows the backend's field errors under each field", async () => {
    const { user, callsOf } = renderWith(
      <IncidentList clientId={NORTHWIND} />,
      {},
      {
        open_incident: () =>
          reject({
            code: "invalid_input",
            message: "some fields need attention",
            fields: [
              { field: "title", message: "the incident needs a title; say what is happening" },
              { field: "incident_type", message: "pick the incident's type" },
            ],
          }),
      },
    );
    await screen.findByTestId("new-incident");
    await user.keyboard("n"); // the shortcut opens the form
    await user.click(await screen.findByTestId("new-incident-submit"));
    expect(
      await screen.findByText("The incident needs a title; say what is happening"),
    ).toBeVisible();
    expect(screen.getByText("Pick the incident's type")).toBeVisible();
    expect(screen.getByTestId("new-incident-title")).toHaveAttribute("aria-invalid", "true");
    expect(callsOf("open_incident")[0]).toMatchObject({ clientId: NORTHWIND });
  });
});

describe("incident screen", () => {
  it("shows what decided the severity on the screen, not only in a tooltip", async () => {
    screenFor(sampleIncident());
    const why = await screen.findByTestId("severity-why");
    expect(why).toHaveTextContent("Business stops or personal data is exposed");
    expect(why).toHaveTextContent("Basis: FS-01 is criticality 1 and holds PII");
  });

  it("the new-incident form says which scope is used when none is picked", async () => {
    const { user } = renderWith(<IncidentList clientId={NORTHWIND} />);
    await user.click(await screen.findByTestId("new-incident"));
    const scope = await screen.findByTestId("new-incident-scope");
    await waitFor(() =>
      expect(scope.closest(".mantine-InputWrapper-root")).toHaveTextContent(
        /Not picked: Cordon will use the narrowest, “One user”/,
      ),
    );
  });

  it("the quick-add box adds on Enter, clears and keeps the focus", async () => {
    const { user, callsOf } = screenFor(sampleIncident());
    const box = await screen.findByTestId("quick-add");
    await user.click(box);
    await user.keyboard("Isolated FS-01 from the network{Enter}");
    await waitFor(() => expect(box).toHaveValue(""));
    expect(box).toHaveFocus();
    expect(await screen.findByText("Isolated FS-01 from the network")).toBeVisible();
    await user.keyboard("Ransom note photographed{Enter}");
    await waitFor(() => expect(screen.getAllByTestId("timeline-entry")).toHaveLength(2));
    expect(box).toHaveFocus();
    expect(callsOf("add_timeline_entry").map((c) => (c.draft as { text: string }).text)).toEqual([
      "Isolated FS-01 from the network",
      "Ransom note photographed",
    ]);
    // The time defaults to now: nothing was typed, so none is sent.
    expect((callsOf("add_timeline_entry")[0]!.draft as { occurred_at: unknown }).occurred_at).toBe(
      null,
    );
    expect(screen.getByTestId("chain-status")).toHaveTextContent("Timeline intact · 2 entries");
  });

  it("the client-visible box clears after each entry, so sharing is chosen per entry", async () => {
    const { user, callsOf } = screenFor(sampleIncident());
    const box = await screen.findByTestId("quick-add");
    await user.click(screen.getByTestId("quick-add-visible"));
    await user.click(box);
    await user.keyboard("Told the client the file server is offline{Enter}");
    await waitFor(() => expect(box).toHaveValue(""));
    expect(screen.getByTestId("quick-add-visible")).not.toBeChecked();
    await user.keyboard("Attacker IP 203.0.113.7 seen on FS-01{Enter}");
    await waitFor(() => expect(callsOf("add_timeline_entry")).toHaveLength(2));
    expect(
      callsOf("add_timeline_entry").map(
        (c) => (c.draft as { client_visible: boolean }).client_visible,
      ),
    ).toEqual([true, false]);
  });

  it("an overdue clock is red and says overdue", async () => {
    const deadline = new Date(Date.now() - 2 * 3600_000).toISOString();
    screenFor(
      sampleIncident({
        clocks: [
          gdprClock({
            started_at: new Date(Date.now() - 74 * 3600_000).toISOString(),
            deadline,
            status: "overdue",
            remaining_seconds: -7200,
          }),
        ],
      }),
    );
    const clock = await screen.findByTestId("clock");
    expect(clock).toHaveAttribute("data-status", "overdue");
    const countdown = within(clock).getByTestId("clock-countdown");
    expect(countdown).toHaveTextContent(/02:00:0\d overdue/);
    expect(countdown.getAttribute("style") ?? "").toContain("red");
    expect(within(clock).getByText("Overdue")).toBeVisible();
  });

  it("a running clock counts down every second", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      screenFor(
        sampleIncident({
          clocks: [gdprClock({ status: "running", remaining_seconds: 3600, deadline: "x" })],
        }),
      );
      const countdown = await screen.findByTestId("clock-countdown");
      expect(countdown).toHaveTextContent(/00:59:5\d left|01:00:00 left/);
      await vi.advanceTimersByTimeAsync(5_000);
      await waitFor(() => expect(countdown).toHaveTextContent(/00:59:5[0-5] left/));
    } finally {
      vi.useRealTimers();
    }
  });

  it("a broken chain shows the red badge and the reason", async () => {
    screenFor(
      sampleIncident({
        timeline: [entry(1, "first"), entry(2, "second"), entry(3, "third")],
        chain: {
          intact: false,
          entries: 3,
          broken_at: {
            seq: 2,
            entry_id: "0197c2de-6666-7000-8000-000000000002",
            reason: "entry 2 no longer matches its hash: its content was changed",
          },
        },
      }),
    );
    const badge = await screen.findByTestId("chain-status");
    expect(badge).toHaveTextContent("Broken at entry 2");
    expect(badge).toHaveAttribute("data-intact", "false");
    expect(screen.getByText(/entry 2 no longer matches its hash/)).toBeVisible();
  });

  it("records a notice from its clock, which then reads sent on time", async () => {
    const deadline = new Date(Date.now() + 70 * 3600_000).toISOString();
    const { user, callsOf } = screenFor(
      sampleIncident({
        clocks: [
          gdprClock({
            started_at: new Date(Date.now() - 2 * 3600_000).toISOString(),
            deadline,
            status: "running",
            remaining_seconds: 70 * 3600,
          }),
        ],
      }),
    );
    await user.click(await screen.findByTestId("record-notice-for-clock"));
    expect(await screen.findByTestId("notice-recipient")).toHaveValue("Lead supervisory authority");
    await user.type(screen.getByTestId("notice-channel"), "Regulator portal");
    await user.type(screen.getByTestId("notice-reference"), "CASE-42");
    await user.click(screen.getByTestId("notice-submit"));
    await waitFor(() =>
      expect(screen.getByTestId("clock")).toHaveAttribute("data-status", "sent_on_time"),
    );
    expect(screen.getByTestId("clock-countdown")).toHaveTextContent(/Sent .*on time/);
    expect(callsOf("record_notice")[0]).toMatchObject({
      input: { clock: "gdpr_art33", channel: "Regulator portal", reference: "CASE-42" },
    });
  });

  it("records a trigger and going back a phase asks for a reason", async () => {
    const { user, callsOf } = screenFor(sampleIncident());
    await user.click(await screen.findByTestId("record-trigger-awareness"));
    await waitFor(() =>
      expect(screen.getByTestId("clock")).toHaveAttribute("data-status", "running"),
    );
    expect(callsOf("record_trigger")[0]).toMatchObject({ trigger: "awareness", at: null });

    await user.click(screen.getByText("Detected"));
    expect(await screen.findByTestId("reason-input")).toHaveFocus();
    expect(callsOf("move_incident")).toHaveLength(0);
    await user.keyboard("Not yet analysed after all");
    await user.click(screen.getByTestId("reason-submit"));
    await waitFor(() =>
      expect(callsOf("move_incident")[0]).toMatchObject({
        phase: "detected",
        reason: "Not yet analysed after all",
      }),
    );
  });
});

describe("incident settings", () => {
  it("saves the signing name and warning window, and shows a field error under the name", async () => {
    const { user, callsOf } = renderApp();
    await user.click(await screen.findByTestId("nav-settings"));
    const card = await screen.findByTestId("incident-settings-card");
    const name = await within(card).findByTestId("settings-author");
    expect(name).toHaveValue("Sam Carter");
    await user.clear(name);
    await user.type(name, " ");
    await user.click(within(card).getByRole("button", { name: "Save" }));
    expect(await within(card).findByText("Type your name")).toBeVisible();
    await user.clear(name);
    await user.type(name, "Dana Whit");
    const hours = within(card).getByTestId("settings-warn-hours");
    await user.clear(hours);
    await user.type(hours, "24");
    await user.click(within(card).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(callsOf("save_incident_settings").at(-1)).toEqual({
        settings: { author_name: "Dana Whit", warn_hours: 24 },
      }),
    );
  });
});

describe("readiness", () => {
  it("an open action item's gap opens the incident's review at that item", async () => {
    const itemId = "0197c2de-7777-7000-8000-000000000001";
    const view = sampleIncident();
    view.incident.review.action_items = [
      {
        id: itemId,
        title: "Enforce MFA on the VPN",
        owner: "Jo",
        due: "2026-11-01",
        status: "open",
      },
    ];
    const { user } = renderApp(
      { incidents: [view] },
      {
        client_readiness: () => ({
          score: 80,
          gaps: [
            {
              kind: "action_item_overdue",
              severity: "medium",
              message: "Action item 'Enforce MFA on the VPN' is past its due date",
              link: { screen: "action_item", id: itemId, incident_id: INCIDENT },
            },
          ],
        }),
      },
    );
    const row = (await screen.findAllByTestId("client-row")).find((r) =>
      r.textContent?.includes("Northwind"),
    )!;
    await user.click(within(row).getAllByRole("cell")[0]!);
    await user.click(await screen.findByText(/Open the incident's review/));
    expect(await screen.findByTestId("incident-screen")).toBeVisible();
    const item = await screen.findByTestId("action-item");
    expect(within(item).getByTestId("action-title")).toHaveValue("Enforce MFA on the VPN");
    expect(item.getAttribute("style") ?? "").toContain("outline");
  });
});

describe("global search", () => {
  it("renders the match markers as <mark>, never as markup", () => {
    render(<p data-testid="s">{highlight("a [ransom] note <b>x</b> [FS]")}</p>);
    const p = screen.getByTestId("s");
    expect([...p.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["ransom", "FS"]);
    expect(p.querySelector("b")).toBeNull();
    expect(p.textContent).toBe("a ransom note <b>x</b> FS");
  });

  it("opens the incident of a timeline hit, scrolled to the entry", async () => {
    const note = entry(1, "Ransom note found on FS-01");
    const { user } = renderApp({
      incidents: [
        sampleIncident({ timeline: [note], chain: { intact: true, entries: 1, broken_at: null } }),
      ],
    });
    await screen.findAllByTestId("client-row");
    const box = screen.getByTestId("global-search");
    await user.click(box);
    await user.keyboard("note");
    // The box waits for typing to pause before it searches; a loaded machine adds to that.
    const hits = await screen.findAllByTestId("search-hit", {}, { timeout: 15000 });
    const timelineHit = hits.find((h) => h.dataset.kind === "timeline_entry")!;
    expect(timelineHit.querySelector("mark")).toHaveTextContent("note");
    await user.click(timelineHit);
    expect(await screen.findByTestId("incident-screen")).toBeVisible();
    const shown = await screen.findByTestId("timeline-entry");
    expect(shown).toHaveAttribute("data-entry-id", note.id);
    expect(shown.getAttribute("style") ?? "").toContain("border-width: 2px");
  });

  it("opens a client hit's page", async () => {
    const { user } = renderApp({ incidents: [sampleIncident()] });
    await screen.findAllByTestId("client-row");
    await user.click(screen.getByTestId("global-search"));
    await user.keyboard("northwind");
    const clientHit = await waitFor(
      () => {
        const hit = screen.getAllByTestId("search-hit").find((h) => h.dataset.kind === "client");
        expect(hit).toBeDefined();
        return hit!;
      },
      { timeout: 15000 },
    );
    await user.click(clientHit);
    expect(await screen.findByTestId("client-page")).toBeVisible();
    expect(screen.queryByTestId("incident-screen")).toBeNull();
  });
});
