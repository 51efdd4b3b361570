import { Alert, Button, Center, Code, Loader, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "../../lib/errors";
import { CreateWorkspace } from "./CreateWorkspace";
import { GateLayout } from "./GateLayout";
import { UnlockForm } from "./UnlockForm";
import { useWorkspaceStatus } from "../../lib/queries/workspace";

/** Shows its children only once the encrypted workspace is open. */
export function WorkspaceGate({ children }: { children: ReactNode }) {
  const status = useWorkspaceStatus();

  if (status.isPending) {
    return (
      <Center mih="100vh">
        <Loader aria-label="Opening the workspace" />
      </Center>
    );
  }
  if (status.isError) {
    return (
      <Center mih="100vh" p="md">
        <Stack maw={460}>
          <Alert color="red" title="Cordon could not check its workspace">
            {errorMessage(status.error)}
          </Alert>
          <Button variant="default" onClick={() => void status.refetch()}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }

  const s = status.data;
  switch (s.state) {
    case "first_run":
      return <CreateWorkspace dataDir={s.data_dir} keychainAvailable={s.keychain_available} />;
    case "locked":
      return (
        <UnlockForm dataDir={s.data_dir} reason={s.reason} passphraseNeeded={s.passphrase_needed} />
      );
    case "unavailable":
      return (
        <GateLayout title="Cordon cannot open this workspace">
          <Alert color="red">{errorMessage(s.error)}</Alert>
          <Text size="xs" c="dimmed">
            Workspace: <Code>{s.data_dir}</Code>
          </Text>
          <Button variant="default" onClick={() => void status.refetch()}>
            Try again
          </Button>
        </GateLayout>
      );
    case "ready":
      return children;
  }
}
