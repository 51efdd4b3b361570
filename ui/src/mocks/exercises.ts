import type {
  AppError,
  Client,
  ExerciseStatus,
  ExerciseSummary,
  ExerciseView,
  FieldError,
  FindingInput,
  LogEntry,
  LogEntryInput,
  PlanChangeItem,
  PresenterView,
  ScenarioInfo,
} from "../bindings";

/** Exercises for the in-memory backend (see backend.ts): enough of cordon-app's behaviour to
 * drive the console (clock from events, reveals, marks, a rating needs a rationale, the log,
 * findings become plan change items, the presenter view holds no facilitator text). */
type Args = Record<string, unknown>;

function fail(code: AppError["code"], message: string, fields: FieldError[] = []): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw { code, message, fields } satisfies AppError;
}

export const SCENARIOS: ScenarioInfo[] = [
  {
    name: "ransomware",
    title: "Ransomware on the file server",
    version: "1",
    source: "CISA CTEP (adapted)",
    summary:
      "Files are encrypted overnight and a ransom note appears; the team must contain, escalate and notify.",
    incident_types: ["ransomware"],
    capabilities: ["detection", "escalation", "containment", "notification"],
    inject_count: 2,
  },
];

/** A sample exercise; tests patch the parts they are about. Its facilitator notes and
 * expected actions carry distinctive strings so a test can prove the room never sees them. */
export function sampleExercise(patch: Partial<ExerciseView> = {}): ExerciseView {
  const now = new Date().toISOString();
  return {
    exercise: {
      id: "ex-1",
      client_id: "client-1",
      plan_id: null,
      plan_version: null,
      name: "Ransomware tabletop",
      scenario: { name: "ransomware", title: "Ransomware on the file server", version: "1" },
      incident_types: ["ransomware"],
      narrative: "A quiet Monday morning.",
      objectives: [
        {
          key: "escalation",
          capability: "escalation",
          text: "Escalate to the incident lead within 15 minutes.",
          rating: null,
          rationale: "",
          strengths: [],
          improvements: [],
        },
      ],
      injects: [
        {
          number: 1,
          offset_minutes: 0,
          title: "Files will not open",
          text: "Staff report that shared files end in .locked.",
          expected_actions: [
            { text: "SECRET-EXPECTED call the incident lead", mark: null },
            { text: "Isolate the file server", mark: null },
          ],
          tests: "Detection",
          objectives: ["escalation"],
          facilitator_notes: "SECRET-FACILITATOR the backup is also encrypted",
          origin: "scenario",
          revealed_at_seconds: null,
        },
        {
          number: 2,
          offset_minutes: 20,
          title: "A ransom note",
          text: "A note demands payment within 48 hours.",
          expected_actions: [{ text: "Notify the insurer", mark: null }],
          tests: "Notification",
          objectives: [],
          facilitator_notes: "Push on who may decide on payment.",
          origin: "scenario",
          revealed_at_seconds: null,
        },
      ],
      participants: [{ name: "Ana Reyes", role: "Incident lead" }],
      clock: [],
      strengths: [],
      improvements: [],
      findings: [],
      created_at: now,
      updated_at: now,
    },
    client_name: "Northwind Legal",
    clock: { status: "not_started", elapsed_seconds: 0, started_at: null, ended_at: null },
    revealed: [],
    current: null,
    log: [],
    plan_roles: [
      { name: "Incident lead", duties: [], primary: "Ana Reyes", backup: "" },
      { name: "Communications lead", duties: [], primary: "Tom Baker", backup: "" },
    ],
    plan_sections: [
      "roles",
      "contacts",
      "communication",
      "escalation",
      "severity",
      "playbooks",
      "review",
    ],
    now,
    ...patch,
  };
}

export function createExercisesBackend(clients: () => Client[], initial?: ExerciseView[]) {
  const db = {
    views: [...(initial ?? [sampleExercise()])],
    changes: [] as PlanChangeItem[],
  };
  const find = (id: unknown): ExerciseView =>
    db.views.find((v) => v.exercise.id === id) ?? fail("not_found", "this exercise does not exist");
  const put = (v: ExerciseView): ExerciseView => {
    const now = new Date().toISOString();
    const next: ExerciseView = { ...v, now, exercise: { ...v.exercise, updated_at: now } };
    db.views = [...db.views.filter((x) => x.exercise.id !== v.exercise.id), next];
    return next;
  };
  const clockTo = (v: ExerciseView, status: ExerciseStatus, allowed: ExerciseStatus[]) => {
    if (!allowed.includes(v.clock.status))
      fail("invalid_input", `cannot do that to a ${v.clock.status} exercise`, [
        { field: "status", message: "not now" },
      ]);
    const at = new Date().toISOString();
    return put({
      ...v,
      clock: {
        ...v.clock,
        status,
        started_at: v.clock.started_at ?? at,
        ended_at: status === "ended" ? at : null,
      },
    });
  };
  const summary = (v: ExerciseView): ExerciseSummary => ({
    id: v.exercise.id,
    client_id: v.exercise.client_id,
    name: v.exercise.name,
    scenario: v.exercise.scenario.name,
    scenario_title: v.exercise.scenario.title,
    status: v.clock.status,
    started_at: v.clock.started_at,
    ended_at: v.clock.ended_at,
    created_at: v.exercise.created_at,
  });
  const handlers: Record<string, (a: Args) => unknown> = {
    exercise_scenarios: () => SCENARIOS,
    list_exercises: (a) =>
      db.views
        .filter((v) => a.clientId == null || v.exercise.client_id === a.clientId)
        .map(summary),
    exercise: (a) => find(a.id),
    create_exercise: (a) => {
      const client = clients().find((c) => c.id === a.clientId);
      if (!client) fail("not_found", "this client does not exist");
      const base = sampleExercise();
      return put({
        ...base,
        client_name: client.name,
        exercise: { ...base.exercise, id: crypto.randomUUID(), client_id: client.id },
      });
    },
    start_exercise: (a) => clockTo(find(a.id), "running", ["not_started"]),
    pause_exercise: (a) => clockTo(find(a.id), "paused", ["running"]),
    resume_exercise: (a) => clockTo(find(a.id), "running", ["paused"]),
    end_exercise: (a) => clockTo(find(a.id), "ended", ["running", "paused"]),
    reveal_inject: (a) => {
      const v = find(a.id);
      const n = a.inject as number;
      return put({ ...v, revealed: [...v.revealed, n], current: n });
    },
    mark_expected_action: (a) => {
      const v = find(a.id);
      const injects = v.exercise.injects.map((i) =>
        i.number !== a.inject
          ? i
          : {
              ...i,
              expected_actions: i.expected_actions.map((x, j) =>
                j === a.action ? { ...x, mark: (a.mark as typeof x.mark) ?? null } : x,
              ),
            },
      );
      return put({ ...v, exercise: { ...v.exercise, injects } });
    },
    rate_objective: (a) => {
      const v = find(a.id);
      const rationale = ((a.rationale as string | undefined) ?? "").trim();
      if (a.rating != null && !rationale)
        fail("invalid_input", "the rating needs a rationale", [
          {
            field: "rationale",
            message: "say why: what the team did or missed that earns this rating",
          },
        ]);
      const objectives = v.exercise.objectives.map((o) =>
        o.key === a.objective
          ? { ...o, rating: (a.rating as typeof o.rating) ?? null, rationale }
          : o,
      );
      return put({ ...v, exercise: { ...v.exercise, objectives } });
    },
    set_exercise_review: (a) => {
      const v = find(a.id);
      return put({
        ...v,
        exercise: {
          ...v.exercise,
          strengths: a.strengths as string[],
          improvements: a.improvements as string[],
        },
      });
    },
    review_exercise_objective: (a) => {
      const v = find(a.id);
      const objectives = v.exercise.objectives.map((o) =>
        o.key === a.objective
          ? { ...o, strengths: a.strengths as string[], improvements: a.improvements as string[] }
          : o,
      );
      return put({ ...v, exercise: { ...v.exercise, objectives } });
    },
    set_exercise_participants: (a) => {
      const v = find(a.id);
      return put({
        ...v,
        exercise: {
          ...v.exercise,
          participants: a.participants as ExerciseView["exercise"]["participants"],
        },
      });
    },
    add_exercise_log: (a) => {
      const v = find(a.id);
      const input = a.input as LogEntryInput;
      if (!input.text.trim())
        fail("invalid_input", "write what happened", [
          { field: "text", message: "write what happened" },
        ]);
      const entry: LogEntry = {
        id: crypto.randomUUID(),
        exercise_id: v.exercise.id,
        inject: input.inject,
        kind: input.kind,
        who: input.who,
        text: input.text.trim(),
        at: new Date().toISOString(),
        elapsed_seconds: v.clock.elapsed_seconds,
      };
      put({ ...v, log: [...v.log, entry] });
      return entry;
    },
    add_exercise_finding: (a) => {
      const v = find(a.id);
      const input = a.input as FindingInput;
      const missing: FieldError[] = [];
      if (!input.issue.trim()) missing.push({ field: "issue", message: "name the issue" });
      if (!input.owner.trim())
        missing.push({
          field: "owner",
          message: "name who will make the change (a person or a role)",
        });
      if (!input.due)
        missing.push({ field: "due", message: "give the date the change is due, as YYYY-MM-DD" });
      if (missing.length) fail("invalid_input", "the finding is incomplete", missing);
      const now = new Date().toISOString();
      const item: PlanChangeItem = {
        id: crypto.randomUUID(),
        client_id: v.exercise.client_id,
        exercise_id: v.exercise.id,
        exercise_name: v.exercise.name,
        issue: input.issue,
        corrective_action: input.corrective_action,
        owner: input.owner,
        due: input.due,
        plan_section: input.plan_section,
        status: "open",
        created_at: now,
        updated_at: now,
      };
      db.changes.push(item);
      put({
        ...v,
        exercise: {
          ...v.exercise,
          findings: [...v.exercise.findings, { ...input, plan_change_id: item.id }],
        },
      });
      return item;
    },
    plan_change_items: (a) => db.changes.filter((c) => c.client_id === a.clientId),
    set_plan_change_status: (a) => {
      const item = db.changes.find((c) => c.id === a.id) ?? fail("not_found", "no such item");
      item.status = a.status as PlanChangeItem["status"];
      return item;
    },
    presenter_view: (a): PresenterView => {
      const v = find(a.id);
      const current = v.exercise.injects.find((i) => i.number === v.current);
      return {
        exercise_name: v.exercise.name,
        status: v.clock.status,
        elapsed_seconds: v.clock.elapsed_seconds,
        current: current
          ? { number: current.number, title: current.title, text: current.text }
          : null,
        revealed_count: v.revealed.length,
        inject_count: v.exercise.injects.length,
      };
    },
    open_presenter_window: () => null,
  };
  return { db, handlers };
}
