import { Alert, Button, CopyButton, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { commands, unwrap } from "../../lib/api";
import { pickSavePath, slug } from "../../lib/dialogs";
import { errorMessage } from "../../lib/errors";
import { exportCsv } from "../../lib/queries/assets";

/** Export: the native save dialog asks where, and the CSV is written there. Where no native
 * dialog is available (the browser dev server), the CSV is offered both as a download and as
 * text with a Copy button, because a webview may ignore the download. */
export function ExportCsv({ clientId, clientName }: { clientId: string; clientName: string }) {
  const [csv, setCsv] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fileName = `${slug(clientName) || "client"}-assets.csv`;

  const run = async () => {
    setBusy(true);
    setError(null);
    let path: string | null;
    try {
      path = await pickSavePath("Save the assets as CSV", fileName, {
        name: "CSV",
        extensions: ["csv"],
      });
    } catch {
      path = ""; // no native dialog: fall back to the download and the text
    }
    try {
      if (path === null) return; // cancelled
      if (path) {
        await unwrap(commands.saveTextFile(path, await exportCsv(clientId)));
        notifications.show({ color: "teal", message: `Assets saved to ${path}` });
        return;
      }
      const text = await exportCsv(clientId);
      setCsv(text);
      download(text, fileName);
    } catch (e) {
      setError(e);
      setCsv("");
    } finally {
      setBusy(false);
    }
  };

  const rows = csv ? Math.max(0, csv.trimEnd().split(/\r?\n/).length - 1) : 0;

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconDownload size={16} />}
        loading={busy}
        onClick={() => void run()}
        data-testid="export-csv"
      >
        Export CSV
      </Button>
      <Modal
        opened={csv !== null}
        onClose={() => setCsv(null)}
        title="Export assets as CSV"
        size="xl"
      >
        {error !== null ? (
          <Alert color="red" title="The export failed">
            {errorMessage(error)}
          </Alert>
        ) : (
          <Stack>
            <Text size="sm">
              {rows} {rows === 1 ? "asset" : "assets"} exported. Cordon offered it as{" "}
              <b>{fileName}</b>, which the system saves to its downloads folder without asking. If
              you cannot find it there, copy the text below into a text file or spreadsheet.
            </Text>
            <Textarea
              value={csv ?? ""}
              readOnly
              autosize
              minRows={6}
              maxRows={14}
              styles={{
                input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 },
              }}
              data-testid="export-csv-text"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => download(csv ?? "", fileName)}>
                Save file again
              </Button>
              <CopyButton value={csv ?? ""}>
                {({ copied, copy }) => (
                  <Button onClick={copy} color={copied ? "teal" : undefined}>
                    {copied ? "Copied" : "Copy CSV"}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

function download(text: string, fileName: string) {
  if (typeof URL.createObjectURL !== "function") return; // jsdom
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
