import { createContext, useContext } from "react";
import type { SectionId } from "./sections";

/** Tabs of the client page. */
export type ClientTab = "overview" | "plan" | "assets" | "incidents" | "exercises" | "reports";

/** Where a client page opens: its tab and, on the Plan tab, a section of the editor (or the
 * "New plan from template" form). */
export type ClientTarget = {
  clientId: string;
  tab?: ClientTab;
  planSection?: string;
  planItem?: number | null;
  newPlan?: boolean;
  /** On the Assets tab: the asset whose drawer opens. */
  assetId?: string;
};

/** Parts of the incident screen a link can open at. */
export type IncidentSection =
  "tasks" | "roles" | "notices" | "evidence" | "times" | "review" | "details";

/** Where the incident screen opens: the incident and, optionally, a timeline entry to scroll
 * to or a side panel to show. */
export type IncidentTarget = {
  incidentId: string;
  entryId?: string;
  section?: IncidentSection;
  /** On the Review panel: the action item to point at. */
  actionItemId?: string;
};

/** Navigation is a piece of state in the shell; screens that link elsewhere use this. */
export const NavigationContext = createContext<(section: SectionId) => void>(() => {});
/** Opens a client's page inside the shell (the section stays where it was). */
export const OpenClientContext = createContext<(target: ClientTarget) => void>(() => {});

export function useNavigate() {
  return useContext(NavigationContext);
}

export function useOpenClient() {
  return useContext(OpenClientContext);
}

/** Opens an incident's screen over whatever is shown; its Back button returns there. */
export const OpenIncidentContext = createContext<(target: IncidentTarget) => void>(() => {});

export function useOpenIncident() {
  return useContext(OpenIncidentContext);
}

/** Where the facilitator console opens: the exercise (a log line's hit opens its exercise). */
export type ExerciseTarget = { exerciseId: string };

/** Opens an exercise's console over whatever is shown; its Back button returns there. */
export const OpenExerciseContext = createContext<(target: ExerciseTarget) => void>(() => {});

export function useOpenExercise() {
  return useContext(OpenExerciseContext);
}

/** What was on screen when Reports was chosen: its report is picked there to start with. */
export type ReportOrigin =
  | { kind: "client"; clientId: string }
  | { kind: "incident"; incidentId: string }
  | { kind: "exercise"; exerciseId: string };
