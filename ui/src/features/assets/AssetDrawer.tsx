import { Alert, Button, Drawer, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArchive } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../lib/errors";
import type { Asset } from "../../bindings";
import { AssetForm } from "./AssetForm";
import { emptyFormValues, toFormValues } from "./formValues";
import { useArchiveAsset, useAsset } from "../../lib/queries/assets";

type Props = {
  clientId: string;
  /** The asset to edit, or null for a new one. */
  assetId: string | null;
  opened: boolean;
  onClose: () => void;
};

export function AssetDrawer({ clientId, assetId: id, opened, onClose }: Props) {
  const isNew = id === null;
  const asset = useAsset(id);
  const title = isNew ? "New asset" : (asset.data?.name ?? (asset.isPending ? "Loading…" : ""));

  const saved = (a: Asset) => {
    notifications.show({
      message: isNew ? `${a.name} added.` : `${a.name} saved.`,
      color: "green",
    });
    onClose();
  };

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={680}
      title={
        <Group justify="space-between" wrap="nowrap" pr="md">
          <Text fw={600}>{title}</Text>
          {!isNew && asset.data && <ArchiveButton asset={asset.data} onArchived={onClose} />}
        </Group>
      }
      styles={{ title: { flex: 1 } }}
      padding="lg"
    >
      {isNew && (
        <AssetForm
          clientId={clientId}
          assetId={null}
          initialValues={emptyFormValues()}
          onSaved={saved}
          onCancel={onClose}
        />
      )}
      {id !== null && asset.isPending && <Loader size="sm" aria-label="Loading the asset" />}
      {id !== null && asset.isError && (
        <Alert color="red" title="This asset could not be opened">
          {errorMessage(asset.error)}
        </Alert>
      )}
      {id !== null && asset.data && (
        <AssetForm
          key={asset.data.id}
          clientId={clientId}
          assetId={asset.data.id}
          initialValues={toFormValues(asset.data)}
          onSaved={saved}
          onCancel={onClose}
        />
      )}
    </Drawer>
  );
}

/** Archiving takes the asset out of the inventory and keeps its record. */
function ArchiveButton({ asset, onArchived }: { asset: Asset; onArchived: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const archive = useArchiveAsset();

  const run = () =>
    archive.mutate(asset.id, {
      onSuccess: (a) => {
        setConfirming(false);
        notifications.show({ message: `${a.name} archived.`, color: "green" });
        onArchived();
      },
    });

  return (
    <>
      <Button
        variant="default"
        size="xs"
        leftSection={<IconArchive size={14} />}
        onClick={() => setConfirming(true)}
        data-testid="asset-archive"
      >
        Archive
      </Button>
      <Modal
        opened={confirming}
        onClose={() => {
          archive.reset();
          setConfirming(false);
        }}
        title={`Archive ${asset.name}?`}
      >
        <Stack>
          <Text size="sm">
            The asset leaves this client&apos;s inventory and the CSV export. Its record is kept.
          </Text>
          {archive.isError && (
            <Alert color="red" title="Nothing was changed">
              {errorMessage(archive.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              onClick={run}
              loading={archive.isPending}
              data-autofocus
              data-testid="confirm-archive"
            >
              Archive
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
