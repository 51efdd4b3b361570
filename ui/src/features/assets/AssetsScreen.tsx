import { Alert, Group, Select, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../lib/errors";
import { useClientList } from "../../lib/queries/clients";
import { AssetsTab } from "./AssetsTab";

/** The Assets section: pick a client, then that client's inventory. The last pick is kept
 * while the app runs. */
let lastPicked: string | null = null;

export function AssetsScreen() {
  const clients = useClientList("", false);
  const [picked, setPicked] = useState<string | null>(lastPicked);
  const list = clients.data ?? [];
  // The remembered client may have been archived since; fall back to the first one.
  const clientId = list.some((c) => c.id === picked) ? picked : (list[0]?.id ?? null);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h2">
            Assets
          </Title>
          <Text size="sm" c="dimmed">
            Each client&apos;s critical systems, most critical first.
          </Text>
        </Stack>
        <Select
          label="Client"
          data={list.map((c) => ({ value: c.id, label: c.name }))}
          value={clientId}
          onChange={(v) => {
            lastPicked = v;
            setPicked(v);
          }}
          searchable
          allowDeselect={false}
          w={320}
          nothingFoundMessage="No client matches"
          data-testid="asset-client-picker"
        />
      </Group>
      {clients.isError && (
        <Alert color="red" title="The clients could not be loaded">
          {errorMessage(clients.error)}
        </Alert>
      )}
      {clients.data && list.length === 0 && (
        <Text size="sm" c="dimmed">
          Add a client first (Clients, then New client); its assets are kept here.
        </Text>
      )}
      {clientId && <AssetsTab key={clientId} clientId={clientId} />}
    </Stack>
  );
}
