import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, unwrap } from "../api";
import type { Asset, AssetField, AssetInput } from "../../bindings";
import { assetKeys, refreshShown } from "../queryKeys";

/** The client's active assets, in the backend's priority order (criticality, then risk). */
export function useAssetList(clientId: string) {
  return useQuery({
    queryKey: assetKeys.list(clientId),
    queryFn: () => unwrap(commands.listAssets(clientId, false)),
  });
}

export function useAsset(id: string | null) {
  return useQuery({
    queryKey: assetKeys.detail(id ?? ""),
    queryFn: () => unwrap(commands.getAsset(id ?? "")),
    enabled: id !== null,
  });
}

function useAssetWrite<Args>(run: (args: Args) => Promise<Asset>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (asset) => {
      queries.setQueryData(assetKeys.detail(asset.id), asset);
      await refreshShown(queries, "asset", asset.client_id);
    },
  });
}

export function useSaveAsset(clientId: string, id: string | null) {
  return useAssetWrite((input: AssetInput) =>
    unwrap(id === null ? commands.createAsset(clientId, input) : commands.updateAsset(id, input)),
  );
}

export function useArchiveAsset() {
  return useAssetWrite((id: string) => unwrap(commands.archiveAsset(id)));
}

export type Mapping = (AssetField | null)[];

export function previewImport(clientId: string, fileBase64: string, mapping: Mapping | null) {
  return unwrap(commands.previewAssetImport(clientId, fileBase64, mapping));
}

export function useImportAssets(clientId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ fileBase64, mapping }: { fileBase64: string; mapping: Mapping }) =>
      unwrap(commands.importAssets(clientId, fileBase64, mapping)),
    onSuccess: async () => {
      await refreshShown(queries, "asset", clientId);
    },
  });
}

export function exportCsv(clientId: string) {
  return unwrap(commands.exportAssetsCsv(clientId));
}
