import type {
  AppError,
  Client,
  ClientOverview,
  ClientSummary,
  FieldError,
  Gap,
  Plan,
  PlanChange,
  PlanInput,
  PlanSummary,
  Readiness,
  ReviewState,
  TemplateInfo,
} from "../bindings";

/** Plans and readiness for the in-memory backend (see backend.ts). Rules are a sketch of
 * cordon-core's: one draft at a time, editing an approved version starts the next draft,
 * escalation levels need a severity or minutes. */
type Args = Record<string, unknown>;

function fail(code: AppError["code"], message: string, fields: FieldError[] = []): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw { code, message, fields } satisfies AppError;
}

export const TEMPLATES: TemplateInfo[] = [
  {
    name: "baseline",
    kind: "plan",
    title: "Baseline incident-response plan",
    version: "2026.1",
    source: "NIST SP 800-61r3 aligned",
    summary: "Four core roles, contacts, communication rules, escalation and a severity matrix.",
    sectors: [],
  },
  ...(
    [
      ["ransomware", "Ransomware", []],
      ["business_email_compromise", "Business email compromise", []],
      ["phishing", "Phishing", []],
      ["data_breach", "Data breach", ["healthcare", "finance"]],
    ] as const
  ).map(([name, title, sectors]): TemplateInfo => ({
    name,
    kind: "playbook",
    title,
    version: "2026.1",
    source: "NIST SP 800-61r3 aligned",
    summary: `What to do in a ${title.toLowerCase()} incident.`,
    sectors: [...sectors],
  })),
];

export function samplePlanInput(): PlanInput {
  return {
    title: "Incident response plan",
    review_interval_months: 12,
    roles: [
      {
        name: "Incident Commander",
        duties: ["Declares the incident", "Runs the response bridge"],
        primary: "Ana Reyes",
        backup: "Tom Okafor",
      },
      {
        name: "Technical Lead",
        duties: ["Leads the investigation"],
        primary: "Sam Ortiz",
        backup: "",
      },
    ],
    contacts: [
      {
        name: "Ana Reyes",
        kind: "client",
        organisation: "Harbour Dental Group",
        role: "Practice manager",
        channels: [{ kind: "phone", value: "+1 415 555 0100" }],
        last_verified: "2026-06-01",
      },
    ],
    communication: {
      channels: [{ purpose: "Response bridge", channel: "phone" }],
      cadence: [{ level: "SEV1", every_minutes: 60 }],
      informs_client: "Incident Commander",
      external_speakers: ["Incident Commander"],
    },
    escalation: [
      { who: "Technical Lead", severity: "SEV3", after_minutes: null },
      { who: "Incident Commander", severity: "SEV2", after_minutes: 60 },
    ],
    severity: {
      levels: [
        { name: "SEV1", description: "Critical" },
        { name: "SEV2", description: "High" },
        { name: "SEV3", description: "Low" },
      ],
      impacts: ["Minor", "Major"],
      scopes: ["One user", "Whole company"],
      cells: [
        [
          { level: "SEV3", criterion: "One user, minor impact" },
          { level: "SEV2", criterion: "Many users, minor impact" },
        ],
        [
          { level: "SEV2", criterion: "One user, major impact" },
          { level: "SEV1", criterion: "Whole company down" },
        ],
      ],
    },
    playbooks: [
      {
        incident_type: "ransomware",
        name: "Ransomware",
        summary: "Encrypted files, ransom note.",
        steps: [
          {
            phase: "detect_analyse",
            action: "Confirm the ransom note",
            owner: "Technical Lead",
            evidence: "Screenshot",
          },
          {
            phase: "contain",
            action: "Isolate affected hosts",
            owner: "Technical Lead",
            evidence: "EDR log",
          },
        ],
      },
    ],
  };
}

function makePlan(
  clientId: string,
  n: number,
  version: number,
  status: Plan["status"],
  input: PlanInput,
  approvedAt: string | null,
): Plan {
  return {
    ...input,
    id: `0197c2de-3333-7000-8000-0000000${String(n).padStart(5, "0")}`,
    client_id: clientId,
    version,
    status,
    template: { name: "baseline", version: "2026.1" },
    approval: approvedAt ? { by: "Sam Ortiz", at: approvedAt, note: "" } : null,
    superseded_at: null,
    reviews: [],
    created_at: "2026-10-01T09:00:00Z",
    updated_at: approvedAt ?? "2026-11-20T09:00:00Z",
  };
}

/** Harbour: approved v2; Northwind: draft v1; Brightwater: approved v1, review overdue;
 * Kestrel (archived): no plan. */
export function samplePlans(clients: Client[]): Plan[] {
  const [harbour, northwind, brightwater] = clients.map((c) => c.id);
  const plans: Plan[] = [];
  if (harbour) {
    plans.push(
      {
        ...makePlan(harbour, 1, 1, "superseded", samplePlanInput(), "2025-11-01T09:00:00Z"),
        superseded_at: "2026-11-01T09:00:00Z",
      },
      makePlan(harbour, 2, 2, "approved", samplePlanInput(), "2026-11-01T09:00:00Z"),
    );
  }
  if (northwind) plans.push(makePlan(northwind, 3, 1, "draft", samplePlanInput(), null));
  if (brightwater) {
    plans.push(makePlan(brightwater, 4, 1, "approved", samplePlanInput(), "2025-01-10T09:00:00Z"));
  }
  return plans;
}

function addMonths(iso: string, months: number): Date {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

export function reviewState(p: Plan | undefined, now = new Date()): ReviewState {
  if (!p || p.status !== "approved") return { state: "not_scheduled" };
  const last = [p.approval?.at ?? p.updated_at, ...p.reviews.map((r) => r.at)].sort().at(-1)!;
  const due = addMonths(last, p.review_interval_months);
  const days = Math.round((due.getTime() - now.getTime()) / 86_400_000);
  const dueDate = due.toISOString().slice(0, 10);
  return days < 0
    ? { state: "overdue", due: dueDate, days_overdue: -days }
    : { state: "due", due: dueDate, days_left: days };
}

function validatePlan(input: PlanInput) {
  const fields: FieldError[] = [];
  input.roles.forEach((r, i) => {
    if (!r.name.trim()) fields.push({ field: `roles.${i}.name`, message: "a role needs a name" });
  });
  input.escalation.forEach((l, i) => {
    if (l.severity === null && l.after_minutes === null) {
      fields.push({
        field: `escalation.${i}.after_minutes`,
        message: "give a severity or a number of minutes for this level",
      });
    } else if (l.after_minutes !== null && l.after_minutes < 1) {
      fields.push({
        field: `escalation.${i}.after_minutes`,
        message: "minutes must be 1 or more",
      });
    }
  });
  if (fields.length) fail("invalid_input", "some fields of the plan need attention", fields);
}

const SECTIONS = [
  "title",
  "roles",
  "contacts",
  "communication",
  "escalation",
  "severity",
  "playbooks",
  "review_interval_months",
] as const;

export function createPlansBackend(clients: () => Client[], initial?: Plan[]) {
  const db = { plans: initial ?? samplePlans(clients()), seq: 100 };

  const find = (id: unknown) => {
    const p = db.plans.find((x) => x.id === id);
    if (!p) fail("not_found", "this plan version no longer exists");
    return p;
  };
  const put = (p: Plan) => {
    db.plans = [...db.plans.filter((x) => x.id !== p.id), p];
    return p;
  };
  const ofClient = (clientId: string) =>
    db.plans.filter((p) => p.client_id === clientId).sort((a, b) => b.version - a.version);
  /** The plan in force: the approved version, else the newest draft. */
  const inForce = (clientId: string) => {
    const list = ofClient(clientId);
    return list.find((p) => p.status === "approved") ?? list.find((p) => p.status === "draft");
  };
  const toInput = (p: Plan): PlanInput => ({
    title: p.title,
    roles: p.roles,
    contacts: p.contacts,
    communication: p.communication,
    escalation: p.escalation,
    severity: p.severity,
    playbooks: p.playbooks,
    review_interval_months: p.review_interval_months,
  });
  const summaryOf = (p: Plan): PlanSummary => {
    const review = reviewState(p);
    return {
      id: p.id,
      client_id: p.client_id,
      version: p.version,
      status: p.status,
      title: p.title,
      approved_by: p.approval?.by ?? null,
      approved_at: p.approval?.at ?? null,
      next_review_due: review.state === "not_scheduled" ? null : review.due,
      playbook_count: p.playbooks.length,
      updated_at: p.updated_at,
    };
  };

  const readiness = (clientId: string): Readiness => {
    const plan = inForce(clientId);
    const gaps: Gap[] = [];
    if (!plan) {
      gaps.push({
        kind: "no_plan",
        severity: "high",
        message: "There is no incident-response plan; start one from the baseline template.",
        link: { screen: "new_plan" },
      });
      return { score: 10, gaps };
    }
    if (plan.status !== "approved") {
      gaps.push({
        kind: "plan_never_approved",
        severity: "high",
        message: "The plan has never been approved; review it and approve it.",
        link: { screen: "plan", section: "review", item: null },
      });
    }
    if (reviewState(plan).state === "overdue") {
      gaps.push({
        kind: "review_overdue",
        severity: "high",
        message: "The plan's review is overdue; review it and record the review.",
        link: { screen: "plan", section: "review", item: null },
      });
    }
    plan.escalation.forEach((l, i) => {
      if (!l.after_minutes) {
        gaps.push({
          kind: "escalation_without_minutes",
          severity: "low",
          message: `Escalation level ${i + 1} has no time trigger; add minutes.`,
          link: { screen: "plan", section: "escalation", item: i },
        });
      }
    });
    gaps.push({
      kind: "asset_without_owner",
      severity: "medium",
      message: "Critical asset Dentrix practice management has no owner; name one.",
      // Harbour's Dentrix asset in the assets mock (assets.ts).
      link: { screen: "asset", asset_id: "0197c2de-1111-7000-8000-000000000002" },
    });
    const score = Math.max(
      0,
      100 - gaps.reduce((s, g) => s + { high: 30, medium: 10, low: 5 }[g.severity], 0),
    );
    return { score, gaps };
  };

  const handlers: Record<string, (a: Args) => unknown> = {
    client_overview: (a) => {
      const summaries = a.summaries as ClientSummary[];
      return summaries.map((client): ClientOverview => {
        const plan = inForce(client.id);
        const r = readiness(client.id);
        return {
          client,
          readiness_score: r.score,
          gap_count: r.gaps.length,
          plan_status: plan?.status ?? null,
          plan_version: plan?.version ?? null,
          review: reviewState(plan),
        };
      });
    },
    client_readiness: (a) => readiness(String(a.clientId)),
    plan_templates: () => TEMPLATES,
    create_plan_from_template: (a) => {
      const clientId = String(a.clientId);
      if (!clients().some((c) => c.id === clientId)) fail("not_found", "no such client");
      if (a.template !== "baseline") {
        fail("invalid_input", "use the baseline template", [
          { field: "template", message: "there is no plan template with that name" },
        ]);
      }
      if (ofClient(clientId).some((p) => p.status === "draft")) {
        fail("already_exists", "this client already has a draft plan");
      }
      const version = (ofClient(clientId)[0]?.version ?? 0) + 1;
      return put(makePlan(clientId, db.seq++, version, "draft", samplePlanInput(), null));
    },
    list_plans: (a) => ofClient(String(a.clientId)).map(summaryOf),
    get_plan: (a) => find(a.id),
    update_plan: (a) => {
      const p = find(a.id);
      const input = a.input as PlanInput;
      validatePlan(input);
      const now = new Date().toISOString();
      if (p.status === "draft") return put({ ...p, ...input, updated_at: now });
      const draft = ofClient(p.client_id).find((x) => x.status === "draft");
      if (draft) return put({ ...draft, ...input, updated_at: now });
      const version = (ofClient(p.client_id)[0]?.version ?? 0) + 1;
      return put({
        ...makePlan(p.client_id, db.seq++, version, "draft", input, null),
        reviews: p.reviews,
        created_at: now,
        updated_at: now,
      });
    },
    // Like the backend: the template's playbook arrives with its steps, as an edit of the plan.
    add_playbook_from_template: (a) => {
      const p = find(a.id);
      const name = String(a.template);
      const steps = samplePlanInput().playbooks[0]?.steps ?? [];
      const playbook = { incident_type: name, name: `Playbook ${name}`, summary: "", steps };
      return handlers.update_plan!({
        id: p.id,
        input: { ...toInput(p), playbooks: [...p.playbooks, playbook] },
      });
    },
    approve_plan: (a) => {
      const p = find(a.id);
      const by = String(a.approver).trim();
      if (!by)
        fail("invalid_input", "name the approver", [
          { field: "approver", message: "name who approves the plan" },
        ]);
      if (p.status !== "draft") fail("invalid_input", "only a draft can be approved");
      const now = new Date().toISOString();
      for (const old of ofClient(p.client_id)) {
        if (old.status === "approved") put({ ...old, status: "superseded", superseded_at: now });
      }
      return put({
        ...p,
        status: "approved",
        approval: { by, at: now, note: String(a.note) },
        updated_at: now,
      });
    },
    plan_diff: (a) => {
      const from = toInput(find(a.fromId));
      const to = toInput(find(a.toId));
      const out: PlanChange[] = [];
      for (const s of SECTIONS) {
        if (JSON.stringify(from[s]) !== JSON.stringify(to[s])) {
          const section = s === "review_interval_months" ? "review" : s;
          out.push({
            section,
            text: `${section.charAt(0).toUpperCase()}${section.slice(1)} changed`,
          });
        }
      }
      return out;
    },
    record_plan_review: (a) => {
      const p = find(a.id);
      const by = String(a.reviewer).trim();
      if (!by)
        fail("invalid_input", "name the reviewer", [
          { field: "reviewer", message: "name who reviewed the plan" },
        ]);
      if (!String(a.summary).trim()) {
        fail("invalid_input", "say what changed", [
          {
            field: "summary",
            message: "say what changed, or write 'no changes' if the plan still holds",
          },
        ]);
      }
      const now = new Date().toISOString();
      return put({
        ...p,
        reviews: [...p.reviews, { by, at: now, summary: String(a.summary), version: p.version }],
      });
    },
  };

  return { db, handlers };
}
