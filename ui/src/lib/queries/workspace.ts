import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { PrivacySettings, WorkspaceInfo, WorkspaceStatus } from "../../bindings";
import { commands, unwrap } from "../api";
import { workspaceKeys } from "../queryKeys";

export function useWorkspaceStatus() {
  const client = useQueryClient();
  return useQuery({
    queryKey: workspaceKeys.status,
    queryFn: async () => {
      const status = await unwrap(commands.workspaceStatus());
      // An open workspace comes with its info: the header and Settings need not ask again.
      if (status.state === "ready") client.setQueryData(workspaceKeys.info, status.info);
      return status;
    },
    staleTime: Infinity,
  });
}

/** Only called once the workspace is open; the unlock flow seeds it. */
export function useWorkspaceInfo() {
  return useQuery({
    queryKey: workspaceKeys.info,
    queryFn: () => unwrap(commands.workspaceInfo()),
  });
}

/** Every workspace command answers with the new WorkspaceInfo: store it as both the info and
 * a "ready" status, so the shell opens (or the settings card updates) without another call. */
export function useWorkspaceMutation<Args>(run: (args: Args) => Promise<WorkspaceInfo>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (info) => {
      const status: WorkspaceStatus = { state: "ready", info };
      client.setQueryData(workspaceKeys.info, info);
      client.setQueryData(workspaceKeys.status, status);
    },
  });
}

const statusHash = JSON.stringify(workspaceKeys.status);

/** Locks the workspace: the shell closes the database and drops the key, every cached answer
 * is forgotten, and the gate shows the unlock screen. */
export function useLock() {
  const client = useQueryClient();
  const lock = useMutation({
    mutationFn: () => unwrap(commands.lockWorkspace()),
    onSuccess: (status) => {
      // Forget every answer read while unlocked; the status query stays (its observer, the
      // gate, must see the new value) and now says "locked".
      client.removeQueries({ predicate: (q) => q.queryHash !== statusHash });
      client.setQueryData(workspaceKeys.status, status);
    },
  });
  const { mutate } = lock;
  return useCallback(() => mutate(), [mutate]);
}

export function usePrivacySettings() {
  return useQuery({
    queryKey: workspaceKeys.privacy,
    queryFn: () => unwrap(commands.privacySettings()),
  });
}

export function useSavePrivacySettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: PrivacySettings) => unwrap(commands.savePrivacySettings(settings)),
    onSuccess: (saved) => client.setQueryData(workspaceKeys.privacy, saved),
  });
}
