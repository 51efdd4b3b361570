import { Button, Modal } from "@mantine/core";
import { IconFileTypePdf } from "@tabler/icons-react";
import { useState } from "react";
import { ExportPanel } from "./ExportPanel";
import type { ReportTarget } from "./queries";

/** "Export PDF" for a screen's header: the export panel in a dialog, for this incident or
 * plan version. */
export function ExportPdfButton({ target }: { target: ReportTarget }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileTypePdf size={16} />}
        onClick={() => setOpen(true)}
        data-testid="export-pdf"
      >
        Export PDF
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        size="xl"
        title={target.kind === "incident" ? "Post-incident report" : "Plan binder"}
      >
        {open && <ExportPanel target={target} />}
      </Modal>
    </>
  );
}
