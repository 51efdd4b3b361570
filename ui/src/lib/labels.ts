import type { ExerciseStatus } from "../bindings";

/** Words shown for the backend's keys, used by more than one screen. */

export const EXERCISE_STATUS_LABEL: Record<ExerciseStatus, string> = {
  not_started: "Not started",
  running: "Running",
  paused: "Paused",
  ended: "Ended",
};

export const EXERCISE_STATUS_COLOR: Record<ExerciseStatus, string> = {
  not_started: "gray",
  running: "green",
  paused: "yellow",
  ended: "blue",
};

/** Words in incident-type keys that are written as acronyms or brands, not capitalised. */
const TYPE_WORDS: Record<string, string> = { ddos: "DDoS", dos: "DoS", bec: "BEC", mfa: "MFA" };

/** An incident type's key as a person reads it: `business_email_compromise` is "Business
 * email compromise", `ddos` is "DDoS". */
export function incidentTypeLabel(key: string): string {
  const words = key
    .split("_")
    .filter(Boolean)
    .map((w) => TYPE_WORDS[w.toLowerCase()] ?? w);
  const first = words[0] ?? "";
  if (first && !TYPE_WORDS[first.toLowerCase()]) {
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  }
  return words.join(" ");
}
