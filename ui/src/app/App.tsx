import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { WorkspaceGate } from "../features/unlock/WorkspaceGate";
import { createQueryClient } from "./queryClient";
import { Shell } from "./Shell";
import { theme } from "./theme";

/** Providers, then the unlock flow, then the shell. Tests pass their own query client. */
export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={client}>
        <WorkspaceGate>
          <Shell />
        </WorkspaceGate>
      </QueryClientProvider>
    </MantineProvider>
  );
}
