import type {
  AppError,
  Client,
  Dashboard,
  EntryDraft,
  FieldError,
  IncidentInput,
  IncidentPhase,
  IncidentSettings,
  IncidentSummary,
  IncidentView,
  NoticeInput,
  NotificationClock,
  PostIncidentReview,
  SearchHit,
  TimelineEntry,
  Trigger,
} from "../bindings";
import { markMatch } from "./search";

/** Incidents for the in-memory backend (see backend.ts): enough of cordon-app's behaviour to
 * drive the screens (clocks start on a trigger and stop on a notice, the timeline grows and
 * is "verified", going back a phase needs a reason). Deadlines are not law here: every clock
 * is 72 hours. */
type Args = Record<string, unknown>;

function fail(code: AppError["code"], message: string, fields: FieldError[] = []): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw { code, message, fields } satisfies AppError;
}

const PHASE_ORDER: IncidentPhase[] = [
  "detected",
  "analysing",
  "contained",
  "eradicated",
  "recovered",
  "closed",
];
const HOUR = 3600;

export function gdprClock(patch: Partial<NotificationClock> = {}): NotificationClock {
  return {
    rule_key: "gdpr_art33",
    name: "GDPR Art. 33 supervisory authority",
    regime: "GDPR",
    recipient: "Lead supervisory authority",
    trigger: "awareness",
    window: "72 hours",
    source: { citation: "GDPR Art. 33(1)", url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj" },
    started_at: null,
    deadline: null,
    sent_at: null,
    status: "awaiting_trigger",
    remaining_seconds: null,
    ...patch,
  };
}

/** A sample incident view; tests patch the parts they are about. */
export function sampleIncident(
  patch: Partial<IncidentView> & { id?: string; clientId?: string } = {},
): IncidentView {
  const id = patch.id ?? "0197c2de-5555-7000-8000-000000000001";
  const clientId = patch.clientId ?? "0197c2de-0000-7000-8000-000000000002";
  const detected = "2026-11-25T08:10:00Z";
  const { id: _id, clientId: _c, ...rest } = patch;
  void _id;
  void _c;
  return {
    incident: {
      id,
      client_id: clientId,
      plan_id: null,
      plan_version: 1,
      incident_type: "ransomware",
      title: "Ransomware on the file server",
      description: "Files on FS-01 renamed to .lockbit; ransom note found.",
      reported_by: "Priya Shah",
      phase: "analysing",
      affected_assets: [],
      scope: "",
      severity: {
        computed: {
          level: "SEV1",
          criterion: "Business stops or personal data is exposed",
          impact: "critical",
          scope: "single site",
          rank: 0,
        },
        basis: "FS-01 is criticality 1 and holds PII",
        overridden: null,
      },
      roles: [{ role: "Incident lead", person: "Sam Carter", backup: "" }],
      tasks: [
        {
          index: 0,
          phase: "contain",
          action: "Isolate the affected hosts from the network",
          owner_role: "Incident lead",
          assignee: "Sam Carter",
          evidence: "",
          done_at: null,
          done_by: "",
        },
        {
          index: 1,
          phase: "detect_analyse",
          action: "Identify the ransomware strain",
          owner_role: "Incident lead",
          assignee: "Sam Carter",
          evidence: "",
          done_at: null,
          done_by: "",
        },
      ],
      key_times: {
        first_malicious_activity: null,
        detected,
        reported: null,
        contained: null,
        eradicated: null,
        recovered: null,
        closed: null,
      },
      triggers: [{ trigger: "detection", at: detected, by: "Sam Carter" }],
      internal_notes: "",
      review: {
        root_cause: "",
        contributing_factors: "",
        what_worked: "",
        what_did_not: "",
        lessons_learned: "",
        action_items: [],
      },
      created_at: detected,
      updated_at: detected,
    },
    client_name: "Northwind Legal LLP",
    plan_title: "Incident response plan (v1)",
    severity_levels: [
      { name: "SEV1", description: "Critical" },
      { name: "SEV2", description: "High" },
      { name: "SEV3", description: "Moderate" },
    ],
    scopes: ["single host", "single site", "organisation-wide"],
    affected: [],
    timeline: [],
    chain: { intact: true, entries: 0, broken_at: null },
    evidence: [],
    notices: [],
    clocks: [gdprClock()],
    escalations: [],
    metrics: {
      time_to_detect: null,
      time_to_report: null,
      time_to_contain: null,
      time_to_recover: null,
      dwell_time: null,
    },
    now: new Date().toISOString(),
    ...rest,
  };
}

export function createIncidentsBackend(clients: () => Client[], initial?: IncidentView[]) {
  const db = {
    views: [...(initial ?? [sampleIncident()])],
    settings: { author_name: "Sam Carter", warn_hours: 12 },
  };
  const find = (id: unknown): IncidentView =>
    db.views.find((v) => v.incident.id === id) ?? fail("not_found", "this incident does not exist");
  const put = (v: IncidentView): IncidentView => {
    const now = new Date().toISOString();
    const next = {
      ...v,
      now,
      incident: { ...v.incident, updated_at: now },
      chain: v.chain.intact ? { ...v.chain, entries: v.timeline.length } : v.chain,
    };
    db.views = [...db.views.filter((x) => x.incident.id !== v.incident.id), next];
    return next;
  };
  const entry = (v: IncidentView, draft: Partial<EntryDraft>): TimelineEntry => {
    const now = new Date().toISOString();
    return {
      id: crypto.randomUUID(),
      incident_id: v.incident.id,
      seq: v.timeline.length + 1,
      occurred_at: draft.occurred_at ?? now,
      recorded_at: now,
      author: db.settings.author_name,
      kind: draft.kind ?? "status",
      text: draft.text ?? "",
      client_visible: draft.client_visible ?? false,
      technique: draft.technique ?? null,
      corrects: draft.corrects ?? null,
      prev_hash: "",
      hash: "",
    };
  };
  const withEntry = (v: IncidentView, draft: Partial<EntryDraft>) => ({
    ...v,
    timeline: [...v.timeline, entry(v, draft)],
  });
  const summary = (v: IncidentView): IncidentSummary => ({
    id: v.incident.id,
    client_id: v.incident.client_id,
    client_name: v.client_name,
    incident_type: v.incident.incident_type,
    title: v.incident.title,
    phase: v.incident.phase,
    severity: v.incident.severity.overridden?.level ?? v.incident.severity.computed?.level ?? null,
    severity_rank:
      v.incident.severity.overridden?.rank ?? v.incident.severity.computed?.rank ?? null,
    detected_at: v.incident.key_times.detected,
    updated_at: v.incident.updated_at,
  });
  const ofClient = (clientId: unknown) =>
    db.views.filter((v) => !clientId || v.incident.client_id === clientId);

  const handlers: Record<string, (a: Args) => unknown> = {
    incident_types: () => [
      { key: "ransomware", label: "Ransomware", has_playbook: true },
      { key: "phishing", label: "Phishing", has_playbook: false },
      { key: "other", label: "Other", has_playbook: false },
    ],
    open_incident: (a) => {
      const input = a.input as IncidentInput;
      const fields: FieldError[] = [];
      if (!input.incident_type)
        fields.push({ field: "incident_type", message: "pick the incident's type" });
      if (!input.title.trim())
        fields.push({
          field: "title",
          message: "the incident needs a title; say what is happening in a few words",
        });
      if (fields.length) fail("invalid_input", "some fields need attention", fields);
      const client = clients().find((c) => c.id === a.clientId);
      const base = sampleIncident({ id: crypto.randomUUID(), clientId: String(a.clientId) });
      return put({
        ...base,
        client_name: client?.name ?? "",
        incident: {
          ...base.incident,
          incident_type: input.incident_type,
          title: input.title.trim(),
          description: input.description,
          reported_by: input.reported_by,
          affected_assets: input.affected_assets,
          scope: input.scope,
          phase: "detected",
          key_times: { ...base.incident.key_times, detected: input.detected_at },
        },
      });
    },
    incident: (a) => ({ ...find(a.id), now: new Date().toISOString() }),
    list_incidents: (a) => {
      const all = ofClient(a.clientId)
        .filter((v) => !a.openOnly || v.incident.phase !== "closed")
        .sort((x, y) => y.incident.key_times.detected.localeCompare(x.incident.key_times.detected));
      const size = Number(a.pageSize);
      const start = Number(a.page) * size;
      return { items: all.slice(start, start + size).map(summary), total: all.length };
    },
    incident_dashboard: (a): Dashboard => {
      const all = ofClient(a.clientId);
      const open = all.filter((v) => v.incident.phase !== "closed");
      const none = {
        time_to_detect: null,
        time_to_report: null,
        time_to_contain: null,
        time_to_recover: null,
        dwell_time: null,
      };
      return {
        total: all.length,
        open: open.length,
        by_phase: PHASE_ORDER.map((phase) => ({
          phase,
          count: all.filter((v) => v.incident.phase === phase).length,
        })),
        open_by_severity: [],
        median: none,
        measured: {
          time_to_detect: 0,
          time_to_report: 0,
          time_to_contain: 0,
          time_to_recover: 0,
          dwell_time: 0,
        },
      };
    },
    add_timeline_entry: (a) => {
      const draft = a.draft as EntryDraft;
      if (!draft.text.trim())
        fail("invalid_input", "the entry is empty", [
          { field: "text", message: "type what happened" },
        ]);
      return put(withEntry(find(a.id), draft));
    },
    update_incident_details: (a) => {
      const v = find(a.id);
      const title = a.title as string;
      if (!title.trim())
        fail("invalid_input", "the title is empty", [
          { field: "title", message: "give the incident a title" },
        ]);
      return put({
        ...v,
        incident: {
          ...v.incident,
          title,
          description: a.description as string,
          reported_by: a.reportedBy as string,
          internal_notes: a.internalNotes as string,
        },
      });
    },
    move_incident: (a) => {
      const v = find(a.id);
      const to = a.phase as IncidentPhase;
      const back = PHASE_ORDER.indexOf(to) < PHASE_ORDER.indexOf(v.incident.phase);
      if (back && !String(a.reason).trim())
        fail("invalid_input", "going back needs a reason", [
          { field: "reason", message: "say why the incident goes back a phase" },
        ]);
      return put(
        withEntry(
          { ...v, incident: { ...v.incident, phase: to } },
          { text: `Phase: ${v.incident.phase} → ${to}${back ? ` (${String(a.reason)})` : ""}` },
        ),
      );
    },
    record_trigger: (a) => {
      const v = find(a.id);
      const t = a.trigger as Trigger;
      const at = new Date().toISOString();
      const deadline = new Date(Date.now() + 72 * HOUR * 1000).toISOString();
      return put(
        withEntry(
          {
            ...v,
            incident: {
              ...v.incident,
              triggers: [...v.incident.triggers, { trigger: t, at, by: db.settings.author_name }],
            },
            clocks: v.clocks.map((c) =>
              c.trigger === t
                ? {
                    ...c,
                    started_at: at,
                    deadline,
                    status: "running",
                    remaining_seconds: 72 * HOUR,
                  }
                : c,
            ),
          },
          { text: `${t} recorded` },
        ),
      );
    },
    record_notice: (a) => {
      const v = find(a.id);
      const input = a.input as NoticeInput;
      const fields: FieldError[] = [];
      if (!input.recipient.trim()) fields.push({ field: "recipient", message: "say who was told" });
      if (!input.channel.trim())
        fields.push({ field: "channel", message: "say how they were told" });
      if (fields.length) fail("invalid_input", "some fields need attention", fields);
      const notice = {
        ...input,
        id: crypto.randomUUID(),
        incident_id: v.incident.id,
        recorded_by: db.settings.author_name,
        recorded_at: new Date().toISOString(),
      };
      return put(
        withEntry(
          {
            ...v,
            notices: [...v.notices, notice],
            clocks: v.clocks.map((c) =>
              c.rule_key === input.clock && c.deadline
                ? {
                    ...c,
                    sent_at: input.sent_at,
                    status: input.sent_at <= c.deadline ? "sent_on_time" : "sent_late",
                  }
                : c,
            ),
          },
          { text: `Notice sent to ${input.recipient}`, kind: "communication" },
        ),
      );
    },
    set_task_done: (a) => {
      const v = find(a.id);
      const now = new Date().toISOString();
      return put({
        ...v,
        incident: {
          ...v.incident,
          tasks: v.incident.tasks.map((t) =>
            t.index === a.task
              ? {
                  ...t,
                  done_at: a.done ? now : null,
                  done_by: a.done ? db.settings.author_name : "",
                }
              : t,
          ),
        },
      });
    },
    save_review: (a) => {
      const v = find(a.id);
      const r = a.review as PostIncidentReview;
      return put({
        ...v,
        incident: {
          ...v.incident,
          review: {
            ...r,
            action_items: r.action_items.map((x) => ({ ...x, id: x.id || crypto.randomUUID() })),
          },
        },
      });
    },
    export_timeline_csv: () => null,
    incident_settings: () => db.settings,
    save_incident_settings: (a) => {
      const s = a.settings as IncidentSettings;
      if (!s.author_name.trim())
        fail("invalid_input", "some fields need attention", [
          { field: "author_name", message: "type your name" },
        ]);
      db.settings = s;
      return s;
    },
    deadline_alerts: () => [],
    search: (a) => {
      const mark = (text: string) => markMatch(text, String(a.query));
      const hits: SearchHit[] = [];
      for (const c of clients()) {
        const s = mark(c.name);
        if (s)
          hits.push({
            kind: "client",
            id: c.id,
            client_id: c.id,
            client_name: c.name,
            incident_id: null,
            exercise_id: null,
            title: c.name,
            snippet: s,
          });
      }
      for (const v of db.views) {
        const s = mark(v.incident.title);
        if (s)
          hits.push({
            kind: "incident",
            id: v.incident.id,
            client_id: v.incident.client_id,
            client_name: v.client_name,
            incident_id: null,
            exercise_id: null,
            title: v.incident.title,
            snippet: s,
          });
        for (const e of v.timeline) {
          const t = mark(e.text);
          if (t)
            hits.push({
              kind: "timeline_entry",
              id: e.id,
              client_id: v.incident.client_id,
              client_name: v.client_name,
              incident_id: v.incident.id,
              exercise_id: null,
              title: v.incident.title,
              snippet: t,
            });
        }
      }
      return hits;
    },
  };
  return { db, handlers };
}
