import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, unwrap, type Outcome } from "../api";
import type { IncidentInput, IncidentSettings, IncidentView } from "../../bindings";
import { incidentKeys, refreshShown } from "../queryKeys";

export const PAGE_SIZE = 25;

/** A page of incidents; `clientId` "" means every client. */
export function useIncidentList(clientId: string, openOnly: boolean, page: number) {
  return useQuery({
    queryKey: incidentKeys.list(clientId, openOnly, page),
    queryFn: () => unwrap(commands.listIncidents(clientId, openOnly, page, PAGE_SIZE)),
    placeholderData: (previous) => previous,
  });
}

export function useIncidentDashboard(clientId: string) {
  return useQuery({
    queryKey: incidentKeys.dashboard(clientId),
    queryFn: () => unwrap(commands.incidentDashboard(clientId)),
  });
}

/** One incident as its screen shows it. Refetched every minute so that statuses computed
 * by the backend (due soon, overdue, escalation due) follow the clock; the countdowns
 * themselves tick in the browser. */
export function useIncident(id: string) {
  return useQuery({
    queryKey: incidentKeys.detail(id),
    queryFn: () => unwrap(commands.incident(id)),
    refetchInterval: 60_000,
    staleTime: 0,
  });
}

export function useIncidentTypes(clientId: string | null) {
  return useQuery({
    queryKey: incidentKeys.types(clientId ?? ""),
    queryFn: () => unwrap(commands.incidentTypes(clientId ?? "")),
    enabled: !!clientId,
  });
}

export function useOpenIncident(clientId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: IncidentInput) => unwrap(commands.openIncident(clientId, input)),
    onSuccess: async (view) => {
      queries.setQueryData(incidentKeys.detail(view.incident.id), view);
      await refreshShown(queries, "incident", view.incident.client_id);
    },
  });
}

/** Any change to an incident: the command answers with the whole view, which replaces the
 * cached one, so the screen never shows a half-updated incident. */
export function useIncidentChange<Args>(run: (args: Args) => Promise<Outcome<IncidentView>>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (args: Args) => unwrap(run(args)),
    onSuccess: async (view) => {
      queries.setQueryData(incidentKeys.detail(view.incident.id), view);
      await refreshShown(queries, "incident", view.incident.client_id);
    },
  });
}

export function useIncidentSettings() {
  return useQuery({
    queryKey: incidentKeys.settings,
    queryFn: () => unwrap(commands.incidentSettings()),
  });
}

export function useSaveIncidentSettings() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (s: IncidentSettings) => unwrap(commands.saveIncidentSettings(s)),
    onSuccess: (s) => queries.setQueryData(incidentKeys.settings, s),
  });
}
