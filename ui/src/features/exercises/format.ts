import type { ActionMark, Capability, ExerciseStatus, Rating } from "../../bindings";

/** `h:mm:ss` of an exercise clock. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

export {
  EXERCISE_STATUS_COLOR as STATUS_COLOR,
  EXERCISE_STATUS_LABEL as STATUS_LABEL,
} from "../../lib/labels";

export const MARKS: { value: ActionMark; label: string }[] = [
  { value: "done", label: "Done" },
  { value: "partly", label: "Partly" },
  { value: "not_done", label: "Not done" },
];

export const RATINGS: { value: Rating; letter: string; label: string }[] = [
  { value: "performed", letter: "P", label: "P: performed without challenges" },
  { value: "some_challenges", letter: "S", label: "S: performed with some challenges" },
  { value: "major_challenges", letter: "M", label: "M: performed with major challenges" },
  { value: "unable", letter: "U", label: "U: unable to be performed" },
];

/** Elapsed seconds as of `nowMs`: the view's elapsed plus, while running, the time since the
 * view was computed. The backend derives elapsed from stored clock events, so a restarted app
 * resumes at the right time. */
export function elapsedAt(
  view: { status: ExerciseStatus; elapsed: number; now: string },
  nowMs: number,
): number {
  if (view.status !== "running") return view.elapsed;
  return view.elapsed + Math.max(0, (nowMs - Date.parse(view.now)) / 1000);
}

export const CAPABILITY_LABEL: Record<Capability, string> = {
  detection: "Detection",
  escalation: "Escalation",
  communication: "Communication",
  containment: "Containment",
  recovery: "Recovery",
  notification: "Notification",
};

/** A plan section's key as the plan editor titles it ("escalation" → "Escalation"). */
export function sectionLabel(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** Names to pick "who" from: the participants, then the plan's role holders not among them. */
export function peopleOf(view: {
  exercise: { participants: { name: string }[] };
  plan_roles: { primary: string; backup: string }[];
}): string[] {
  const names = [
    ...view.exercise.participants.map((p) => p.name),
    ...view.plan_roles.flatMap((r) => [r.primary, r.backup]),
  ].filter((n) => n.trim());
  return [...new Set(names)];
}

/** Whether `text` is a real day written YYYY-MM-DD (2027-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
