import { Button, Modal } from "@mantine/core";
import { IconFileTypePdf } from "@tabler/icons-react";
import { useState } from "react";
import { ExportPanel } from "./ExportPanel";
import type { ReportTarget } from "../lib/queries/reports";

const TITLES: Record<ReportTarget["kind"], string> = {
  incident: "Post-incident report",
  plan: "Plan binder",
  exercise: "After-action report / improvement plan",
};

/** "Export PDF" for a screen's header: the export panel in a dialog, for this incident or
 * plan version. */
export function ExportPdfButton({
  target,
  label = "Export PDF",
}: {
  target: ReportTarget;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileTypePdf size={16} />}
        onClick={() => setOpen(true)}
        data-testid="export-pdf"
      >
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} size="xl" title={TITLES[target.kind]}>
        {open && <ExportPanel target={target} />}
      </Modal>
    </>
  );
}
