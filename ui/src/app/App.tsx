import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PresenterView } from "../features/exercises/PresenterView";
import { WorkspaceGate } from "../features/unlock/WorkspaceGate";
import { createQueryClient } from "./queryClient";
import { Shell } from "./Shell";
import { theme } from "./theme";

/** Providers, then the unlock flow, then the shell. Tests pass their own query client. */
export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  const presenterId = /^#\/presenter\/([\w-]+)$/.exec(location.hash)?.[1] ?? null;
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={client}>
        {presenterId ? (
          // The presenter window (opened by `open_presenter_window`) shows only the room's
          // view; the workspace is already unlocked by the main window of the same process.
          <PresenterView exerciseId={presenterId} />
        ) : (
          <WorkspaceGate>
            <Shell />
          </WorkspaceGate>
        )}
      </QueryClientProvider>
    </MantineProvider>
  );
}
