import { IconFileText } from "@tabler/icons-react";
import { ComingSoon } from "../../app/ComingSoon";

export function ReportsScreen() {
  return (
    <ComingSoon
      icon={IconFileText}
      title="Reports will live here"
      coming="Branded PDFs for your clients: post-incident reports, the printable break-glass plan and after-action reports of exercises."
      meanwhile="Meanwhile, give each client an accent colour and a logo in its branding: reports will use them."
    />
  );
}
