import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, unwrap } from "../api";
import type { MspBrandingSettings, ReportAudience, ReportControlInput } from "../../bindings";
import { reportKeys, type ReportTarget } from "../queryKeys";

export type { ReportTarget } from "../queryKeys";

/** How many pages the preview shows: enough to judge the title page and the first section. */
export const PREVIEW_PAGES = 2;

export function useReportPreview(
  target: ReportTarget,
  audience: ReportAudience,
  control: ReportControlInput,
) {
  return useQuery({
    queryKey: reportKeys.preview(target, audience, control),
    queryFn: () =>
      unwrap(
        target.kind === "incident"
          ? commands.incidentReportPreview(target.id, audience, control, PREVIEW_PAGES)
          : target.kind === "exercise"
            ? commands.exerciseReportPreview(target.id, control, PREVIEW_PAGES)
            : commands.planBinderPreview(target.planId, PREVIEW_PAGES),
      ),
    // A preview is redrawn when asked for again: the incident may have changed meanwhile.
    staleTime: 0,
    placeholderData: (previous) => previous,
  });
}

export function useExportReport() {
  return useMutation({
    // The command opens the save dialog itself; null: the user cancelled it.
    mutationFn: ({
      target,
      audience,
      control,
      suggestedName,
    }: {
      target: ReportTarget;
      audience: ReportAudience;
      control: ReportControlInput;
      suggestedName: string;
    }) =>
      unwrap(
        target.kind === "incident"
          ? commands.exportIncidentReport(target.id, audience, control, suggestedName)
          : target.kind === "exercise"
            ? commands.exportExerciseReport(target.id, control, suggestedName)
            : commands.exportPlanBinder(target.planId, suggestedName),
      ),
  });
}

export function useMspBranding() {
  return useQuery({
    queryKey: reportKeys.branding,
    queryFn: () => unwrap(commands.mspBranding()),
  });
}

export function useSaveMspBranding() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (branding: MspBrandingSettings) => unwrap(commands.saveMspBranding(branding)),
    onSuccess: (saved) => {
      qc.setQueryData(reportKeys.branding, saved);
      void qc.invalidateQueries({ queryKey: reportKeys.previews });
    },
  });
}
