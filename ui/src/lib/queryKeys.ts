import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ReportAudience, ReportControlInput } from "../bindings";

/** Every query key the UI uses, in one place, so that a write can find every screen that shows
 * what it changed. Keys nest: invalidating a prefix (`incidentKeys.lists`) reaches every page
 * and filter under it. */

/** What a report is printed from: an incident (in one of two audiences), a plan version, or
 * a tabletop exercise (its after-action report). */
export type ReportTarget =
  | { kind: "incident"; id: string; title: string }
  | { kind: "plan"; planId: string; title: string }
  | { kind: "exercise"; id: string; title: string };

export const workspaceKeys = {
  status: ["workspace", "status"] as const,
  info: ["workspace", "info"] as const,
  /** This laptop's idle lock and notification privacy (device preferences). */
  privacy: ["workspace", "privacy"] as const,
};

export const clientKeys = {
  all: ["clients"] as const,
  lists: ["clients", "list"] as const,
  list: (query: string, includeArchived: boolean) =>
    ["clients", "list", { query, includeArchived }] as const,
  /** Under "list", so every write that refreshes the lists refreshes the overview too. */
  overview: (query: string, includeArchived: boolean) =>
    ["clients", "list", "overview", { query, includeArchived }] as const,
  readinessAll: ["clients", "readiness"] as const,
  readiness: (id: string) => ["clients", "readiness", id] as const,
  detail: (id: string) => ["clients", "detail", id] as const,
};

export const assetKeys = {
  all: ["assets"] as const,
  list: (clientId: string) => ["assets", "list", clientId] as const,
  detail: (id: string) => ["assets", "detail", id] as const,
};

export const planKeys = {
  all: ["plans"] as const,
  templates: ["plans", "templates"] as const,
  lists: ["plans", "list"] as const,
  list: (clientId: string) => ["plans", "list", clientId] as const,
  detail: (id: string) => ["plans", "detail", id] as const,
  diffs: ["plans", "diff"] as const,
  diff: (fromId: string, toId: string, stamp: string) =>
    ["plans", "diff", fromId, toId, stamp] as const,
};

export const incidentKeys = {
  all: ["incidents"] as const,
  lists: ["incidents", "list"] as const,
  list: (clientId: string, openOnly: boolean, page: number) =>
    ["incidents", "list", clientId, openOnly, page] as const,
  dashboards: ["incidents", "dashboard"] as const,
  dashboard: (clientId: string) => ["incidents", "dashboard", clientId] as const,
  details: ["incidents", "detail"] as const,
  detail: (id: string) => ["incidents", "detail", id] as const,
  types: (clientId: string) => ["incidents", "types", clientId] as const,
  settings: ["incidents", "settings"] as const,
};

export const exerciseKeys = {
  lists: ["exercises", "list"] as const,
  list: (clientId: string | null) => ["exercises", "list", clientId ?? ""] as const,
  detail: (id: string) => ["exercises", "detail", id] as const,
  presenters: ["exercises", "presenter"] as const,
  presenter: (id: string) => ["exercises", "presenter", id] as const,
  scenarios: ["exercises", "scenarios"] as const,
  allChanges: ["exercises", "changes"] as const,
  changes: (clientId: string) => ["exercises", "changes", clientId] as const,
};

export const reportKeys = {
  branding: ["reports", "branding"] as const,
  previews: ["reports", "preview"] as const,
  preview: (target: ReportTarget, audience: ReportAudience, control: ReportControlInput) =>
    target.kind === "incident"
      ? (["reports", "preview", "incident", target.id, audience, control] as const)
      : target.kind === "exercise"
        ? (["reports", "preview", "exercise", target.id, control] as const)
        : (["reports", "preview", "plan", target.planId] as const),
};

export const searchKeys = {
  all: ["search"] as const,
  query: (query: string) => ["search", query] as const,
};

/** The screens that show each kind of record, beyond its own detail (which a write replaces
 * with the answer it got). A write refreshes all of them, so no screen shows the old value. */
const shownBy = {
  // The client's name is on its page, both lists, every incident and the search results.
  client: (clientId: string) => [
    clientKeys.lists,
    clientKeys.detail(clientId),
    clientKeys.readiness(clientId),
    incidentKeys.lists,
    incidentKeys.details,
    exerciseKeys.lists,
    searchKeys.all,
  ],
  // Assets feed the client's readiness and score, incidents' affected lists and search.
  asset: (clientId: string) => [
    assetKeys.list(clientId),
    clientKeys.readiness(clientId),
    clientKeys.lists,
    incidentKeys.details,
    searchKeys.all,
  ],
  // A plan decides the client's plan status, readiness, incident types, and the exercises'
  // and incidents' plan titles; its binder preview is drawn from it.
  plan: (clientId: string) => [
    planKeys.lists,
    planKeys.diffs,
    clientKeys.lists,
    clientKeys.readiness(clientId),
    incidentKeys.types(clientId),
    incidentKeys.details,
    reportKeys.previews,
    searchKeys.all,
  ],
  incident: () => [
    incidentKeys.lists,
    incidentKeys.dashboards,
    clientKeys.readinessAll,
    clientKeys.lists,
    reportKeys.previews,
    searchKeys.all,
  ],
  exercise: (clientId: string) => [
    exerciseKeys.lists,
    exerciseKeys.presenters,
    exerciseKeys.changes(clientId),
    clientKeys.readiness(clientId),
    clientKeys.lists,
    reportKeys.previews,
    searchKeys.all,
  ],
} satisfies Record<string, (clientId: string) => QueryKey[]>;

export type RecordKind = keyof typeof shownBy;

/** After a write to a record of `kind` (of client `clientId`): every screen that shows it
 * reads it again. */
export async function refreshShown(queries: QueryClient, kind: RecordKind, clientId: string) {
  await Promise.all(
    shownBy[kind](clientId).map((queryKey) => queries.invalidateQueries({ queryKey })),
  );
}
