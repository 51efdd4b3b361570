import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { workspaceKeys } from "../lib/queryKeys";
import { CommandError } from "../lib/errors";

/** Commands run in-process against a local database: a failure will not go away on retry,
 * and the window regaining focus says nothing about whether the data changed. */
export function createQueryClient(): QueryClient {
  // If the backend says the workspace is locked (its key went away mid-session), ask for the
  // status again: the gate then shows the unlock screen instead of errors on every screen.
  const onError = (error: unknown) => {
    if (error instanceof CommandError && error.code === "locked") {
      void client.invalidateQueries({ queryKey: workspaceKeys.status });
    }
  };
  const client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
  return client;
}
