import type {
  ClockStatus,
  EntryKind,
  EscalationStatus,
  IncidentPhase,
  Phase,
  Trigger,
} from "../../bindings";

export const PHASES: { id: IncidentPhase; label: string }[] = [
  { id: "detected", label: "Detected" },
  { id: "analysing", label: "Analysing" },
  { id: "contained", label: "Contained" },
  { id: "eradicated", label: "Eradicated" },
  { id: "recovered", label: "Recovered" },
  { id: "closed", label: "Closed" },
];

export function phaseLabel(p: IncidentPhase): string {
  return PHASES.find((x) => x.id === p)?.label ?? p;
}

export const PLAYBOOK_PHASES: Record<Phase, string> = {
  detect_analyse: "Detect & analyse",
  contain: "Contain",
  eradicate: "Eradicate",
  recover: "Recover",
  post_incident: "Post-incident", // core's Phase::label, as the plan editor says it
};

export const TRIGGERS: { id: Trigger; label: string }[] = [
  { id: "awareness", label: "Awareness" },
  { id: "materiality_determination", label: "Materiality determination" },
  { id: "discovery", label: "Discovery" },
  { id: "detection", label: "Detection" },
];

export function triggerLabel(t: Trigger): string {
  return TRIGGERS.find((x) => x.id === t)?.label ?? t;
}

export const ENTRY_KINDS: { value: EntryKind; label: string }[] = [
  { value: "observation", label: "Observation" },
  { value: "action", label: "Action" },
  { value: "decision", label: "Decision" },
  { value: "communication", label: "Communication" },
];

export function kindLabel(k: EntryKind): string {
  return k === "status" ? "Status" : (ENTRY_KINDS.find((x) => x.value === k)?.label ?? k);
}

/** Status colours, used only for status. */
export const CLOCK_COLOUR: Record<ClockStatus, string> = {
  awaiting_trigger: "gray",
  running: "blue",
  due_soon: "orange",
  overdue: "red",
  sent_on_time: "teal",
  sent_late: "red",
};

export const CLOCK_STATUS: Record<ClockStatus, string> = {
  awaiting_trigger: "Not started",
  running: "Running",
  due_soon: "Due soon",
  overdue: "Overdue",
  sent_on_time: "Sent on time",
  sent_late: "Sent late",
};

export const ESCALATION_COLOUR: Record<EscalationStatus, string> = {
  pending: "gray",
  due: "orange",
  overdue: "red",
  done: "teal",
  not_required: "gray",
};

export const ESCALATION_STATUS: Record<EscalationStatus, string> = {
  pending: "Pending",
  due: "Due",
  overdue: "Overdue",
  done: "Done",
  not_required: "Not required",
};

/** Colour of a severity by its rank in the plan's matrix (0 is the worst). */
export function severityColour(rank: number | null | undefined): string {
  if (rank === null || rank === undefined) return "gray";
  return ["red", "orange", "yellow", "blue"][rank] ?? "gray";
}

/** "2 d 03:04:05" / "03:04:05"; the sign is the caller's business. */
export function countdown(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hh = Math.floor((s % 86_400) / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${days > 0 ? `${days} d ` : ""}${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

/** Minutes as "45 min", "3 h 20 min", "2 d 4 h". */
export function duration(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return "—";
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return `${d} d${h ? ` ${h} h` : ""}`;
}

export { inputZone, when, whenShort } from "../../lib/time";

/** The value of an <input type="datetime-local"> for an instant (local time). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An <input type="datetime-local"> value (local time) as a UTC instant; "" → null. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function nowLocalInput(): string {
  return toLocalInput(new Date().toISOString());
}

export { incidentTypeLabel as typeLabel } from "../../lib/labels";
