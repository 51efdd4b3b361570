import { notifications } from "@mantine/notifications";
import { IconArchive } from "@tabler/icons-react";
import type { Asset } from "../../bindings";
import { ConfirmButton, RecordDrawer } from "../../components/RecordDrawer";
import { useArchiveAsset, useAsset } from "../../lib/queries/assets";
import { AssetForm } from "./AssetForm";
import { emptyFormValues, toFormValues } from "./formValues";

type Props = {
  clientId: string;
  /** The asset to edit, or null for a new one. */
  assetId: string | null;
  opened: boolean;
  onClose: () => void;
};

export function AssetDrawer({ clientId, assetId: id, opened, onClose }: Props) {
  const asset = useAsset(id);
  return (
    <RecordDrawer
      noun="asset"
      id={id}
      record={asset}
      opened={opened}
      onClose={onClose}
      size={680}
      actions={asset.data && <ArchiveButton asset={asset.data} onArchived={onClose} />}
      form={(existing, onSaved) => (
        <AssetForm
          key={existing?.id ?? "new"}
          clientId={clientId}
          assetId={existing?.id ?? null}
          initialValues={existing ? toFormValues(existing) : emptyFormValues()}
          onSaved={onSaved}
          onCancel={onClose}
        />
      )}
    />
  );
}

/** Archiving takes the asset out of the inventory and keeps its record. */
function ArchiveButton({ asset, onArchived }: { asset: Asset; onArchived: () => void }) {
  const archive = useArchiveAsset();
  return (
    <ConfirmButton
      label="Archive"
      icon={<IconArchive size={14} />}
      testId="asset-archive"
      title={`Archive ${asset.name}?`}
      body="The asset leaves this client's inventory and the CSV export. Its record is kept."
      color="red"
      pending={archive.isPending}
      error={archive.error}
      onReset={() => archive.reset()}
      onConfirm={(done) =>
        archive.mutate(asset.id, {
          onSuccess: (a) => {
            done();
            notifications.show({ message: `${a.name} archived.`, color: "green" });
            onArchived();
          },
        })
      }
    />
  );
}
