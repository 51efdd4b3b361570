import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import { theme } from "../../app/theme";
import { createMockBackend, type MockOptions } from "../../mocks/backend";
import { sampleExercise } from "../../mocks/exercises";
import { Console } from "./Console";
import { ExerciseList } from "./ExercisesScreen";
import { NOTES_DEBOUNCE_MS } from "./NotesBox";
import { AUTOSAVE_MS } from "./useAutosave";
import { PlanChanges } from "./PlanChanges";
import { PresenterView } from "./PresenterView";

vi.setConfig({ testTimeout: 20_000 });

/** One component over the in-memory backend; every call is recorded. */
function renderWith(
  ui: ReactNode,
  options: MockOptions = {},
  setup: (backend: ReturnType<typeof createMockBackend>) => void = () => {},
) {
  const backend = createMockBackend(options);
  setup(backend);
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    return backend.handle(cmd, args);
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

const running = () =>
  sampleExercise({
    clock: {
      status: "running",
      elapsed_seconds: 25 * 60,
      started_at: new Date().toISOString(),
      ended_at: null,
    },
  });

describe("facilitator console", () => {
  it("ticks the clock from the view and marks scheduled injects due", async () => {
    renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, { exercises: [running()] });
    expect(await screen.findByTestId("exercise-clock")).toHaveTextContent(/^0:25:0\d$/);
    // Inject 2 is scheduled at +20 min and 25 minutes have passed.
    expect(within(screen.getByTestId("inject-2")).getByText("Due")).toBeInTheDocument();
    expect(
      within(screen.getByTestId("inject-1")).getByText(/Facilitator only/),
    ).toBeInTheDocument();
  });

  it("reveals an inject", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    await user.click(await screen.findByTestId("reveal-1"));
    await waitFor(() => expect(callsOf("reveal_inject")).toEqual([{ id: "ex-1", inject: 1 }]));
    expect(await within(screen.getByTestId("inject-1")).findByText("Revealed")).toBeInTheDocument();
  });

  it("marks an expected action", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    const control = await screen.findByTestId("mark-1-1");
    await user.click(within(control).getByText("Partly"));
    await waitFor(() =>
      expect(callsOf("mark_expected_action")).toEqual([
        { id: "ex-1", inject: 1, action: 1, mark: "partly" },
      ]),
    );
  });

  it("saves a rating as it is given, once it has its rationale", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    const objective = await screen.findByTestId("objective-escalation");
    await user.click(within(objective).getByText("S"));
    // A bare letter is not saved: it waits for its reason, and says so.
    expect(await within(objective).findByText(/say why, and the rating is saved/i)).toBeVisible();
    await new Promise((r) => setTimeout(r, AUTOSAVE_MS * 2));
    expect(callsOf("rate_objective")).toEqual([]);
    await user.type(within(objective).getByLabelText("Rationale"), "Escalated after 25 minutes");
    await waitFor(() =>
      expect(callsOf("rate_objective").at(-1)).toEqual({
        id: "ex-1",
        objective: "escalation",
        rating: "some_challenges",
        rationale: "Escalated after 25 minutes",
      }),
    );
    expect(await within(objective).findByText("Saved")).toBeInTheDocument();
    // Typing pauses save what was typed so far; no extra write for what did not change.
    expect(callsOf("review_exercise_objective")).toEqual([]);
  });

  it("keeps strengths and areas for improvement per objective, saved as typed", async () => {
    const { user, callsOf, backend } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    const objective = await screen.findByTestId("objective-escalation");
    await user.type(
      within(objective).getByTestId("strengths-escalation"),
      "Lead reached in five minutes{Enter}{Enter}Bridge opened at once",
    );
    await user.type(
      within(objective).getByTestId("improvements-escalation"),
      "Backup lead not named",
    );
    await waitFor(() =>
      expect(callsOf("review_exercise_objective").at(-1)).toEqual({
        id: "ex-1",
        objective: "escalation",
        strengths: ["Lead reached in five minutes", "Bridge opened at once"],
        improvements: ["Backup lead not named"],
      }),
    );
    // The rating did not change, so it is not written again.
    expect(callsOf("rate_objective")).toEqual([]);
    await waitFor(() =>
      expect(backend.exercises.views[0]!.exercise.objectives[0]!.improvements).toEqual([
        "Backup lead not named",
      ]),
    );
  });

  it("saves the overall strengths when the box is left, without waiting", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    await user.type(await screen.findByTestId("overall-strengths"), "Calm leadership");
    await user.tab();
    // Sooner than the typing pause would have saved it.
    await waitFor(
      () =>
        expect(callsOf("set_exercise_review").at(-1)).toEqual({
          id: "ex-1",
          strengths: ["Calm leadership"],
          improvements: [],
        }),
      { timeout: AUTOSAVE_MS / 2 },
    );
  });

  it("logs against a picked inject or none, and suggests who from the participants", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [{ ...running(), revealed: [1, 2], current: 2 }],
    });
    const about = await screen.findByTestId("log-inject");
    await user.selectOptions(about, "1");
    const who = screen.getByTestId("log-who");
    await user.type(who, "An");
    // The suggestions are this exercise's people, filtered by what was typed.
    const listbox = document.getElementById(who.getAttribute("aria-controls") ?? "");
    const offered = within(listbox!).getAllByRole("option", { hidden: true });
    expect(offered.map((o) => o.textContent)).toEqual(["Ana Reyes"]);
    await user.click(offered[0]!);
    await user.type(screen.getByTestId("log-text"), "Called the incident lead");
    await user.click(screen.getByTestId("log-add"));
    await waitFor(() =>
      expect(callsOf("add_exercise_log").at(-1)).toEqual({
        id: "ex-1",
        input: { inject: 1, kind: "decision", who: "Ana Reyes", text: "Called the incident lead" },
      }),
    );
    await user.selectOptions(about, "general");
    // Enter records, as in the incident timeline's quick add.
    await user.type(screen.getByTestId("log-text"), "Break for coffee{Enter}");
    await waitFor(() =>
      expect(callsOf("add_exercise_log").at(-1)?.input).toMatchObject({
        inject: null,
        text: "Break for coffee",
      }),
    );
  });

  it("adds the plan's role holders as participants with their roles", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    // Ana Reyes is already in the room; only Tom Baker is offered.
    await user.click(await screen.findByTestId("participants-from-plan"));
    await waitFor(() =>
      expect(callsOf("set_exercise_participants")).toEqual([
        {
          id: "ex-1",
          participants: [
            { name: "Ana Reyes", role: "Incident lead" },
            { name: "Tom Baker", role: "Communications lead" },
          ],
        },
      ]),
    );
  });

  it("a finding picks its plan section and objective, and shows the owner and due errors", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    await user.type(await screen.findByTestId("finding-issue"), "No backup lead");
    await user.type(screen.getByTestId("finding-corrective-action"), "Name a backup lead");
    await user.click(screen.getByTestId("finding-add"));
    await waitFor(() => expect(callsOf("add_exercise_finding")).toHaveLength(1));
    expect(await screen.findByText(/name who will make the change/i)).toBeInTheDocument();
    expect(screen.getByText(/date the change is due/i)).toBeInTheDocument();
    await user.type(screen.getByTestId("finding-owner"), "Ana Reyes");
    // Not a day: refused at the field, without a call the backend could not read.
    await user.type(screen.getByTestId("finding-due"), "2027-02-30");
    await user.click(screen.getByTestId("finding-add"));
    expect(await screen.findByText(/as YYYY-MM-DD \(e\.g\./i)).toBeInTheDocument();
    expect(callsOf("add_exercise_finding")).toHaveLength(1);
    await user.clear(screen.getByTestId("finding-due"));
    await user.type(screen.getByTestId("finding-due"), "2027-02-28");
    await user.selectOptions(screen.getByTestId("finding-plan-section"), "roles");
    await user.selectOptions(screen.getByTestId("finding-objective"), "escalation");
    await user.click(screen.getByTestId("finding-add"));
    await waitFor(() =>
      expect(callsOf("add_exercise_finding").at(-1)).toEqual({
        id: "ex-1",
        input: {
          issue: "No backup lead",
          corrective_action: "Name a backup lead",
          owner: "Ana Reyes",
          due: "2027-02-28",
          plan_section: "roles",
          objective: "escalation",
        },
      }),
    );
    const table = await screen.findByTestId("findings");
    expect(table).toHaveTextContent("Roles");
    expect(table).toHaveTextContent("Escalation");
  });

  it("drafts the after-action report from the console while the exercise runs", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    await user.click(await screen.findByRole("button", { name: "Draft after-action report" }));
    const sections = await screen.findByTestId("report-sections");
    expect(sections).toHaveTextContent("Improvement plan");
    expect(callsOf("exercise_report_preview")[0]).toMatchObject({ id: "ex-1", pages: 2 });
  });

  it("saves notes to the log while they are typed, new words only", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    const box = within(await screen.findByTestId("inject-1")).getByLabelText(
      /Notes on this inject/,
    );
    await user.type(box, "Lead called the MSP");
    await waitFor(() => expect(callsOf("add_exercise_log")).toHaveLength(1), {
      timeout: NOTES_DEBOUNCE_MS + 5000,
    });
    expect(callsOf("add_exercise_log")[0]).toEqual({
      id: "ex-1",
      input: { inject: 1, kind: "observation", who: "", text: "Lead called the MSP" },
    });
    await user.type(box, ". Backups checked");
    await waitFor(() => expect(callsOf("add_exercise_log")).toHaveLength(2), {
      timeout: NOTES_DEBOUNCE_MS + 5000,
    });
    expect(callsOf("add_exercise_log")[1]?.input).toMatchObject({ text: ". Backups checked" });
    expect(await screen.findByTestId("exercise-log")).toHaveTextContent("Backups checked");
  });

  it("lists exercises and creates one from a scenario", async () => {
    const { user, backend } = renderWith(<ExerciseList clientId="client-1" />);
    expect(await screen.findByText("Ransomware tabletop")).toBeInTheDocument();
    // People read the scenario's title, and when it was held (this one not yet).
    const table = screen.getByTestId("exercises-table");
    expect(within(table).getByText("Ransomware on the file server")).toBeInTheDocument();
    expect(within(table).queryByText("ransomware")).toBeNull();
    expect(within(table).getByText("Not yet")).toBeInTheDocument();
    await user.click(screen.getByTestId("new-exercise"));
    expect(await screen.findByText(/Files are encrypted overnight/)).toBeInTheDocument();
    // On a client's page the client is given; the screen of all exercises asks for it.
    backend.db.clients[0] = { ...backend.db.clients[0]!, id: "client-1" };
    const client = backend.db.clients[0];
    await user.click(screen.getByTestId("scenario-ransomware"));
    await user.click(screen.getByTestId("create-exercise"));
    expect(await screen.findByTestId("exercise-console")).toHaveTextContent(client.name);
  });
});

describe("plan change items", () => {
  it("a finding becomes a change item on the client's plan, which can be marked done", async () => {
    const { user, backend, callsOf } = renderWith(<PlanChanges clientId="client-1" />, {}, (b) =>
      b.handle("add_exercise_finding", {
        id: "ex-1",
        input: {
          issue: "Nobody had the insurer's hotline",
          corrective_action: "Add the hotline to the contact list",
          owner: "Ana Reyes",
          due: "2026-12-31",
          plan_section: "contacts",
          objective: null,
        },
      }),
    );
    expect(await screen.findByText("Nobody had the insurer's hotline")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Mark done" }));
    await waitFor(() =>
      expect(callsOf("set_plan_change_status")).toEqual([
        { id: backend.exercises.changes[0]!.id, status: "done" },
      ]),
    );
    expect(await screen.findByRole("button", { name: "Reopen" })).toBeInTheDocument();
  });
});

describe("plan change items, late", () => {
  it("an open item past its date says overdue; once done it does not", async () => {
    const { user } = renderWith(<PlanChanges clientId="client-1" />, {}, (b) =>
      b.handle("add_exercise_finding", {
        id: "ex-1",
        input: {
          issue: "Insurer hotline missing",
          corrective_action: "Add it",
          owner: "Ana Reyes",
          due: "2020-01-31",
          plan_section: "contacts",
          objective: null,
        },
      }),
    );
    const row = await screen.findByTestId("plan-change");
    expect(within(row).getByText("Overdue")).toBeInTheDocument();
    expect(within(row).getByText("Contacts")).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: "Mark done" }));
    await waitFor(() => expect(within(row).queryByText("Overdue")).toBeNull());
    expect(within(row).getByText("Done")).toBeInTheDocument();
  });
});

describe("presenter view", () => {
  it("shows the current inject and never facilitator notes or expected actions", async () => {
    const view = running();
    renderWith(<PresenterView exerciseId="ex-1" />, {
      exercises: [{ ...view, revealed: [1], current: 1 }],
    });
    expect(await screen.findByText("Files will not open")).toBeInTheDocument();
    expect(screen.getByText(/shared files end in .locked/)).toBeInTheDocument();
    expect(screen.getByText("Ransomware tabletop")).toBeInTheDocument();
    const all = document.body.textContent ?? "";
    expect(all).not.toContain("SECRET-FACILITATOR");
    expect(all).not.toContain("SECRET-EXPECTED");
    expect(all).not.toContain("Isolate the file server");
  });
});

describe("the console as a first-time facilitator meets it", () => {
  it("clears Who after a log line, so the next name is not appended to the last", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [{ ...running(), revealed: [1], current: 1 }],
    });
    const who = await screen.findByTestId("log-who");
    await user.type(who, "Jo Fischer");
    await user.type(screen.getByTestId("log-text"), "Called the insurer{Enter}");
    await waitFor(() => expect(callsOf("add_exercise_log")).toHaveLength(1));
    await waitFor(() => expect(who).toHaveValue(""));
    await user.type(who, "Sam Patel");
    await user.type(screen.getByTestId("log-text"), "Isolated the server{Enter}");
    await waitFor(() =>
      expect(callsOf("add_exercise_log").map((c) => (c.input as { who: string }).who)).toEqual([
        "Jo Fischer",
        "Sam Patel",
      ]),
    );
  });

  it("asks before ending the exercise", async () => {
    const { user, callsOf } = renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [running()],
    });
    await user.click(await screen.findByTestId("exercise-end"));
    const dialog = await screen.findByRole("dialog", { name: "End the exercise?" });
    await user.click(within(dialog).getByText("Keep running"));
    expect(callsOf("end_exercise")).toEqual([]);
    await user.click(screen.getByTestId("exercise-end"));
    await user.click(await screen.findByTestId("confirm-end"));
    await waitFor(() => expect(callsOf("end_exercise")).toEqual([{ id: "ex-1" }]));
    expect(await screen.findByTestId("exercise-status")).toHaveTextContent("Ended");
  });

  it("explains P/S/M/U before one is chosen", async () => {
    renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, { exercises: [running()] });
    const legend = await screen.findByTestId("rating-legend");
    expect(legend).toHaveTextContent("P = performed without challenges");
    expect(legend).toHaveTextContent("U = unable to be performed");
  });

  it("says how many injects came from the scenario and how many from the client's plan", async () => {
    const view = running();
    const base = view.exercise.injects[0]!;
    const injects = [
      ...view.exercise.injects,
      { ...base, number: 90, title: "Escalate", origin: "escalation" as const },
      { ...base, number: 91, title: "GDPR 72 h", origin: "notification_clock" as const },
      { ...base, number: 92, title: "Insurer", origin: "notification_clock" as const },
    ];
    renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, {
      exercises: [{ ...view, exercise: { ...view.exercise, injects } }],
    });
    expect(await screen.findByTestId("inject-count")).toHaveTextContent(
      `${injects.length} injects: ${injects.length - 3} from the scenario + 3 from this client's plan and duties (1 escalation, 2 notification deadline)`,
    );
  });

  it("facilitator-only notes are notes, not alerts a screen reader reads out at once", async () => {
    renderWith(<Console exerciseId="ex-1" onBack={() => {}} />, { exercises: [running()] });
    const notes = await screen.findAllByTestId("facilitator-notes");
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n).toHaveAttribute("role", "note");
    expect(screen.queryAllByRole("alert")).toEqual([]);
  });

  it("scenario cards are buttons reached with Tab and chosen with Space", async () => {
    const { user } = renderWith(<ExerciseList clientId="client-1" />);
    await user.click(await screen.findByTestId("new-exercise"));
    const card = await screen.findByTestId("scenario-ransomware");
    expect(card.tagName).toBe("BUTTON");
    expect(card).toHaveAttribute("aria-pressed", "false");
    expect(card).toHaveTextContent(/injects \+ the escalation and notification-deadline injects/);
    card.focus();
    await user.keyboard(" ");
    expect(card).toHaveAttribute("aria-pressed", "true");
  });
});
