import { Badge } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArchive, IconRestore } from "@tabler/icons-react";
import type { Client } from "../../bindings";
import { ConfirmButton, RecordDrawer } from "../../components/RecordDrawer";
import { useArchiveClient, useClient } from "../../lib/queries/clients";
import { ClientForm } from "./ClientForm";
import { emptyFormValues, toFormValues } from "./formValues";

type Props = {
  /** The client to edit, or null for a new one. */
  clientId: string | null;
  opened: boolean;
  onClose: () => void;
};

export function ClientDrawer({ clientId: id, opened, onClose }: Props) {
  const client = useClient(id);
  const archived = Boolean(client.data?.archived_at);
  return (
    <RecordDrawer
      noun="client"
      id={id}
      record={client}
      opened={opened}
      onClose={onClose}
      size={640}
      titleExtra={
        archived && (
          <Badge color="gray" variant="light">
            Archived
          </Badge>
        )
      }
      actions={client.data && <ArchiveButton client={client.data} archived={archived} />}
      form={(existing, onSaved) => (
        // Keyed by id only: archiving changes the client but must not wipe unsaved edits.
        <ClientForm
          key={existing?.id ?? "new"}
          clientId={existing?.id ?? null}
          initialValues={existing ? toFormValues(existing) : emptyFormValues()}
          onSaved={onSaved}
          onCancel={onClose}
        />
      )}
    />
  );
}

/** Archiving hides a client from everyday lists and keeps every record; it can be undone. */
function ArchiveButton({ client, archived }: { client: Client; archived: boolean }) {
  const change = useArchiveClient();
  return (
    <ConfirmButton
      label={archived ? "Restore" : "Archive"}
      icon={archived ? <IconRestore size={14} /> : <IconArchive size={14} />}
      testId={archived ? "client-restore" : "client-archive"}
      title={archived ? `Restore ${client.name}?` : `Archive ${client.name}?`}
      body={
        archived
          ? "The client returns to the everyday lists."
          : "The client leaves the everyday lists. Every record is kept, and you can restore it at any time from the list with Show archived on."
      }
      pending={change.isPending}
      error={change.error}
      onReset={() => change.reset()}
      onConfirm={(done) =>
        change.mutate(
          { id: client.id, archive: !archived },
          {
            onSuccess: (c) => {
              done();
              notifications.show({
                message: archived ? `${c.name} restored.` : `${c.name} archived.`,
                color: "green",
              });
            },
          },
        )
      }
    />
  );
}
