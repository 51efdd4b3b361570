import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, unwrap } from "../api";
import type { Plan } from "../../bindings";
import { planKeys, refreshShown } from "../queryKeys";

export function usePlanTemplates() {
  return useQuery({
    queryKey: planKeys.templates,
    queryFn: () => unwrap(commands.planTemplates()),
    staleTime: Infinity,
  });
}

/** A client's plan versions, newest first. */
export function usePlanList(clientId: string) {
  return useQuery({
    queryKey: planKeys.list(clientId),
    queryFn: () => unwrap(commands.listPlans(clientId)),
  });
}

export function usePlan(id: string | null) {
  return useQuery({
    queryKey: planKeys.detail(id ?? ""),
    queryFn: () => unwrap(commands.getPlan(id ?? "")),
    enabled: id !== null,
  });
}

export function usePlanDiff(fromId: string | null, toId: string, stamp: string) {
  return useQuery({
    queryKey: planKeys.diff(fromId ?? "", toId, stamp),
    queryFn: () => unwrap(commands.planDiff(fromId ?? "", toId)),
    enabled: fromId !== null,
  });
}

/** After any plan write: the plan lists, the client overview and readiness move with it. */
export function useRefreshAfterPlanWrite() {
  const queries = useQueryClient();
  return async (plan: Plan) => {
    queries.setQueryData(planKeys.detail(plan.id), plan);
    await refreshShown(queries, "plan", plan.client_id);
  };
}

export function useCreatePlan(clientId: string) {
  const refresh = useRefreshAfterPlanWrite();
  return useMutation({
    mutationFn: (template: string) => unwrap(commands.createPlanFromTemplate(clientId, template)),
    onSuccess: refresh,
  });
}

export function useApprovePlan() {
  const refresh = useRefreshAfterPlanWrite();
  return useMutation({
    mutationFn: ({ id, approver, note }: { id: string; approver: string; note: string }) =>
      unwrap(commands.approvePlan(id, approver, note)),
    onSuccess: refresh,
  });
}

export function useRecordReview() {
  const refresh = useRefreshAfterPlanWrite();
  return useMutation({
    mutationFn: ({ id, reviewer, summary }: { id: string; reviewer: string; summary: string }) =>
      unwrap(commands.recordPlanReview(id, reviewer, summary)),
    onSuccess: refresh,
  });
}
