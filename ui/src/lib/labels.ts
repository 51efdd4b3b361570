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
