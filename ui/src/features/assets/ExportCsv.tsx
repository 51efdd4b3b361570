import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { slug } from "../../lib/dialogs";
import { errorMessage } from "../../lib/errors";
import { exportCsv } from "../../lib/queries/assets";

/** Export: the shell's native save dialog asks where, and the CSV is written there. */
export function ExportCsv({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [busy, setBusy] = useState(false);
  const fileName = `${slug(clientName) || "client"}-assets.csv`;

  const run = async () => {
    setBusy(true);
    try {
      const saved = await exportCsv(clientId, fileName);
      if (saved) notifications.show({ color: "teal", message: `Assets saved to ${saved.path}` });
    } catch (e) {
      notifications.show({ color: "red", title: "The export failed", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      loading={busy}
      onClick={() => void run()}
      data-testid="export-csv"
    >
      Export CSV
    </Button>
  );
}
