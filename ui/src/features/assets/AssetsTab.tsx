import { Alert, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconPlus, IconSearch, IconServer2, IconUpload } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { errorMessage } from "../../lib/errors";
import type { Asset } from "../../bindings";
import { useClient } from "../../lib/queries/clients";
import { AssetDrawer } from "./AssetDrawer";
import { AssetsTable } from "./AssetsTable";
import { ExportCsv } from "./ExportCsv";
import { ImportWizard } from "./ImportWizard";
import { DATA_CLASS_LABELS, KIND_LABELS } from "./options";
import { useAssetList } from "../../lib/queries/assets";

type Drawer = { assetId: string | null } | null;

type Props = {
  clientId: string;
  /** Opens this asset's drawer (e.g. from a readiness gap's link); a new id opens again. */
  openAssetId?: string | null;
};

/** A client's critical assets, most critical first, with add, import and export. */
export function AssetsTab({ clientId, openAssetId = null }: Props) {
  const assets = useAssetList(clientId);
  const client = useClient(clientId);
  const [search, setSearch] = useState("");
  const [drawer, setDrawer] = useState<Drawer>(openAssetId ? { assetId: openAssetId } : null);
  const [linked, setLinked] = useState(openAssetId);
  if (linked !== openAssetId) {
    setLinked(openAssetId);
    if (openAssetId) setDrawer({ assetId: openAssetId });
  }
  const [importing, setImporting] = useState(false);

  const rows = useMemo(() => filter(assets.data ?? [], search), [assets.data, search]);
  const total = assets.data?.length ?? 0;

  return (
    <Stack gap="md" data-testid="assets-tab" data-client={clientId}>
      <Group justify="space-between">
        <TextInput
          placeholder="Filter by name, owner, kind, data…"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
          aria-label="Filter assets"
          data-testid="asset-search"
        />
        <Group gap="xs">
          <ExportCsv clientId={clientId} clientName={client.data?.name ?? "client"} />
          <Button
            variant="default"
            leftSection={<IconUpload size={16} />}
            onClick={() => setImporting(true)}
            data-testid="import-csv"
          >
            Import CSV
          </Button>
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setDrawer({ assetId: null })}
            data-testid="new-asset"
          >
            Add asset
          </Button>
        </Group>
      </Group>

      {assets.isPending && <Loader size="sm" aria-label="Loading assets" />}
      {assets.isError && (
        <Alert color="red" title="The assets could not be loaded">
          {errorMessage(assets.error)}
        </Alert>
      )}
      {assets.data && total === 0 && (
        <Paper withBorder p="xl" data-testid="assets-empty">
          <Stack align="center" gap="xs">
            <IconServer2 size={32} stroke={1.5} color="var(--mantine-color-dimmed)" />
            <Title order={3} size="h5">
              No assets yet
            </Title>
            <Text size="sm" c="dimmed" ta="center" maw={480}>
              Add the systems this client cannot work without, or import a CSV from their
              spreadsheet.
            </Text>
            <Group mt="xs">
              <Button variant="default" onClick={() => setImporting(true)}>
                Import a CSV
              </Button>
              <Button onClick={() => setDrawer({ assetId: null })}>Add the first asset</Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {assets.data && total > 0 && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No assets match “{search}”.
        </Text>
      )}
      {rows.length > 0 && <AssetsTable assets={rows} onOpen={(id) => setDrawer({ assetId: id })} />}

      <AssetDrawer
        clientId={clientId}
        assetId={drawer?.assetId ?? null}
        opened={drawer !== null}
        onClose={() => setDrawer(null)}
      />
      <ImportWizard clientId={clientId} opened={importing} onClose={() => setImporting(false)} />
    </Stack>
  );
}

function filter(assets: Asset[], search: string): Asset[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return assets;
  return assets.filter((a) => {
    const text = [
      a.name,
      a.owner,
      a.location,
      KIND_LABELS[a.kind],
      ...a.data_classes.map((d) => DATA_CLASS_LABELS[d]),
      ...a.vulnerabilities.map((v) => v.title),
    ]
      .join(" ")
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
