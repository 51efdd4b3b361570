import { Alert, Button, Drawer, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { errorMessage } from "../lib/errors";

type Named = { id: string; name: string };

/** The side drawer that creates or edits one record (an asset, a client): its name in the
 * title, the record's form once it is loaded, a "saved" note when the form reports success. */
export function RecordDrawer<R extends Named>({
  noun,
  id,
  record,
  opened,
  onClose,
  size,
  titleExtra,
  actions,
  form,
}: {
  /** "asset", "client": for the title and the messages. */
  noun: string;
  id: string | null;
  record: UseQueryResult<R>;
  opened: boolean;
  onClose: () => void;
  size: number;
  titleExtra?: ReactNode;
  actions?: ReactNode;
  /** The form for the record (null: a new one), keyed by the caller; `onSaved` closes. */
  form: (existing: R | null, onSaved: (saved: R) => void) => ReactNode;
}) {
  const isNew = id === null;
  const title = isNew ? `New ${noun}` : (record.data?.name ?? (record.isPending ? "Loading…" : ""));
  const saved = (r: R) => {
    notifications.show({
      message: isNew ? `${r.name} added.` : `${r.name} saved.`,
      color: "green",
    });
    onClose();
  };
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={size}
      title={
        <Group justify="space-between" wrap="nowrap" pr="md">
          <Group gap="xs" wrap="nowrap">
            <Text fw={600}>{title}</Text>
            {titleExtra}
          </Group>
          {!isNew && record.data && actions}
        </Group>
      }
      styles={{ title: { flex: 1 } }}
      padding="lg"
    >
      {isNew && form(null, saved)}
      {!isNew && record.isPending && <Loader size="sm" aria-label={`Loading the ${noun}`} />}
      {!isNew && record.isError && (
        <Alert color="red" title={`This ${noun} could not be opened`}>
          {errorMessage(record.error)}
        </Alert>
      )}
      {!isNew && record.data && form(record.data, saved)}
    </Drawer>
  );
}

/** A header button that asks before it runs (archive, restore); the record is kept either way. */
export function ConfirmButton({
  label,
  icon,
  testId,
  title,
  body,
  color,
  pending,
  error,
  onConfirm,
  onReset,
}: {
  label: string;
  icon: ReactNode;
  testId: string;
  title: string;
  body: string;
  color?: string;
  pending: boolean;
  error: unknown;
  /** Runs the action; calls `done` on success so the dialog closes. */
  onConfirm: (done: () => void) => void;
  onReset: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={icon}
        onClick={() => setConfirming(true)}
        data-testid={testId}
      >
        {label}
      </Button>
      <Modal
        opened={confirming}
        onClose={() => {
          onReset();
          setConfirming(false);
        }}
        title={title}
      >
        <Stack>
          <Text size="sm">{body}</Text>
          {error !== null && error !== undefined && (
            <Alert color="red" title="Nothing was changed">
              {errorMessage(error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              color={color}
              onClick={() => onConfirm(() => setConfirming(false))}
              loading={pending}
              data-autofocus
              data-testid="confirm-archive"
            >
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
