import { Alert, Badge, Button, Drawer, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArchive, IconRestore } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../lib/errors";
import type { Client } from "../../bindings";
import { ClientForm } from "./ClientForm";
import { emptyFormValues, toFormValues } from "./formValues";
import { useArchiveClient, useClient } from "../../lib/queries/clients";

type Props = {
  /** The client to edit, or null for a new one. */
  clientId: string | null;
  opened: boolean;
  onClose: () => void;
};

export function ClientDrawer({ clientId: id, opened, onClose }: Props) {
  const isNew = id === null;
  const client = useClient(id);
  const name = isNew ? "New client" : (client.data?.name ?? (client.isPending ? "Loading…" : ""));
  const archived = Boolean(client.data?.archived_at);

  const saved = (c: Client) => {
    notifications.show({
      message: isNew ? `${c.name} added.` : `${c.name} saved.`,
      color: "green",
    });
    onClose();
  };

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={640}
      title={
        <Group justify="space-between" wrap="nowrap" pr="md">
          <Group gap="xs" wrap="nowrap">
            <Text fw={600}>{name}</Text>
            {archived && (
              <Badge color="gray" variant="light">
                Archived
              </Badge>
            )}
          </Group>
          {!isNew && client.data && <ArchiveButton client={client.data} archived={archived} />}
        </Group>
      }
      styles={{ title: { flex: 1 } }}
      padding="lg"
    >
      {isNew && (
        <ClientForm
          clientId={null}
          initialValues={emptyFormValues()}
          onSaved={saved}
          onCancel={onClose}
        />
      )}
      {id !== null && client.isPending && <Loader size="sm" aria-label="Loading the client" />}
      {id !== null && client.isError && (
        <Alert color="red" title="This client could not be opened">
          {errorMessage(client.error)}
        </Alert>
      )}
      {id !== null && client.data && (
        // Keyed by id only: archiving changes the client but must not wipe unsaved edits.
        <ClientForm
          key={client.data.id}
          clientId={client.data.id}
          initialValues={toFormValues(client.data)}
          onSaved={saved}
          onCancel={onClose}
        />
      )}
    </Drawer>
  );
}

/** Archiving hides a client from everyday lists and keeps every record; it can be undone. */
function ArchiveButton({ client, archived }: { client: Client; archived: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const change = useArchiveClient();

  const run = () =>
    change.mutate(
      { id: client.id, archive: !archived },
      {
        onSuccess: (c) => {
          setConfirming(false);
          notifications.show({
            message: archived ? `${c.name} restored.` : `${c.name} archived.`,
            color: "green",
          });
        },
      },
    );

  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={archived ? <IconRestore size={14} /> : <IconArchive size={14} />}
        onClick={() => setConfirming(true)}
        data-testid={archived ? "client-restore" : "client-archive"}
      >
        {archived ? "Restore" : "Archive"}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => {
          change.reset();
          setConfirming(false);
        }}
        title={archived ? `Restore ${client.name}?` : `Archive ${client.name}?`}
      >
        <Stack>
          <Text size="sm">
            {archived
              ? "The client returns to the everyday lists."
              : "The client leaves the everyday lists. Every record is kept, and you can restore it at any time from the list with Show archived on."}
          </Text>
          {change.isError && (
            <Alert color="red" title="Nothing was changed">
              {errorMessage(change.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              onClick={run}
              loading={change.isPending}
              data-autofocus
              data-testid="confirm-archive"
            >
              {archived ? "Restore" : "Archive"}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
