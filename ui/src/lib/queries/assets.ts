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

/** `pick`: the token `chooseFile` returned for the CSV the user chose. */
export function previewImport(clientId: string, pick: string, mapping: Mapping | null) {
  return unwrap(commands.previewAssetImport(clientId, pick, mapping));
}

export function useImportAssets(clientId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ pick, mapping }: { pick: string; mapping: Mapping }) =>
      unwrap(commands.importAssets(clientId, pick, mapping)),
    onSuccess: async () => {
      await refreshShown(queries, "asset", clientId);
    },
  });
}

/** Asks where (the native save dialog) and writes the CSV there; null when cancelled. */
export function exportCsv(clientId: string, suggestedName: string) {
  return unwrap(commands.exportAssetsCsv(clientId, suggestedName));
}
