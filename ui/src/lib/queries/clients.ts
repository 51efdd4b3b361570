import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, unwrap } from "../api";
import type { Client, ClientInput } from "../../bindings";
import { clientKeys, refreshShown } from "../queryKeys";

export function useClientList(query: string, includeArchived: boolean) {
  return useQuery({
    queryKey: clientKeys.list(query, includeArchived),
    queryFn: () => unwrap(commands.listClients(query, includeArchived)),
    // Keep the last rows on screen while the next search runs, instead of a flash of nothing.
    placeholderData: keepPreviousData,
  });
}

/** The home screen's rows: each client with its readiness score and plan status. */
export function useClientOverview(query: string, includeArchived: boolean) {
  return useQuery({
    queryKey: clientKeys.overview(query, includeArchived),
    queryFn: () => unwrap(commands.clientOverview(query, includeArchived)),
    placeholderData: keepPreviousData,
  });
}

export function useClientReadiness(clientId: string) {
  return useQuery({
    queryKey: clientKeys.readiness(clientId),
    queryFn: () => unwrap(commands.clientReadiness(clientId)),
  });
}

export function useClient(id: string | null) {
  return useQuery({
    queryKey: clientKeys.detail(id ?? ""),
    queryFn: () => unwrap(commands.getClient(id ?? "")),
    enabled: id !== null,
  });
}

/** A write that returns the client: remember it and refresh every list it may appear in. */
function useClientWrite<Args>(run: (args: Args) => Promise<Client>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (client) => {
      queries.setQueryData(clientKeys.detail(client.id), client);
      await refreshShown(queries, "client", client.id);
    },
  });
}

export function useSaveClient(id: string | null) {
  return useClientWrite((input: ClientInput) =>
    unwrap(id === null ? commands.createClient(input) : commands.updateClient(id, input)),
  );
}

export function useArchiveClient() {
  return useClientWrite(({ id, archive }: { id: string; archive: boolean }) =>
    unwrap(archive ? commands.archiveClient(id) : commands.restoreClient(id)),
  );
}
