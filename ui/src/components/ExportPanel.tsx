import {
  Alert,
  Badge,
  Button,
  Group,
  Image,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDownload, IconFolderOpen } from "@tabler/icons-react";
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import { useMemo, useState } from "react";
import type { ReportAudience, ReportControlInput, ReportResult } from "../bindings";
import { slug } from "../lib/dialogs";
import { errorMessage } from "../lib/errors";
import { useExportReport, useReportPreview, type ReportTarget } from "../lib/queries/reports";

const AUDIENCES: { value: ReportAudience; label: string }[] = [
  { value: "client", label: "For the client" },
  { value: "internal", label: "Internal (everything)" },
];

function defaultName(target: ReportTarget, audience: ReportAudience): string {
  const base = slug(target.title) || "report";
  if (target.kind === "plan") return `${base}-plan-binder.pdf`;
  if (target.kind === "exercise") return `${base}-after-action-report.pdf`;
  return `${base}-${audience === "client" ? "client" : "internal"}-report.pdf`;
}

/** Choose the audience and the title page's control facts, see the first pages, save the
 * PDF where the native dialog says and open its folder. Used by the Reports screen and by
 * the Export PDF buttons of the incident and plan screens. */
export function ExportPanel({ target }: { target: ReportTarget }) {
  const [audience, setAudience] = useState<ReportAudience>("client");
  const [version, setVersion] = useState("1.0");
  const [approver, setApprover] = useState("");
  const [distribution, setDistribution] = useState("");
  const control: ReportControlInput = {
    version,
    approver,
    distribution: distribution
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  };
  // Redraw the preview when typing pauses, not on every key. Debounced as text: a new
  // object each render would restart the timer forever.
  const [settledText] = useDebouncedValue(JSON.stringify(control), 400);
  const settled = useMemo(() => JSON.parse(settledText) as ReportControlInput, [settledText]);
  const preview = useReportPreview(target, audience, settled);
  const exporter = useExportReport();

  const save = () => {
    exporter.reset();
    exporter.mutate({ target, audience, control, suggestedName: defaultName(target, audience) });
  };

  return (
    <Stack gap="md" data-testid="export-panel">
      {target.kind === "incident" && (
        <>
          <SegmentedControl
            value={audience}
            onChange={(v) => setAudience(v as ReportAudience)}
            data={AUDIENCES}
            data-testid="report-audience"
          />
          <Text size="sm" c="dimmed">
            {audience === "client"
              ? "Curated: only timeline entries marked for the client; no internal notes, evidence custody, techniques or indicators."
              : "Everything: the full timeline, evidence with hashes and custody, internal notes, ATT&CK techniques, indicators and the chain check. Do not send it to the client."}
          </Text>
        </>
      )}
      {target.kind !== "plan" && (
        <Group grow align="flex-start" wrap="nowrap">
          <TextInput
            label="Version"
            value={version}
            onChange={(e) => setVersion(e.currentTarget.value)}
            data-testid="report-version"
          />
          <TextInput
            label="Approved by"
            placeholder="Not yet approved"
            value={approver}
            onChange={(e) => setApprover(e.currentTarget.value)}
            data-testid="report-approver"
          />
          <Textarea
            label="Distribution"
            placeholder="One per line (optional)"
            autosize
            minRows={1}
            maxRows={4}
            value={distribution}
            onChange={(e) => setDistribution(e.currentTarget.value)}
            data-testid="report-distribution"
          />
        </Group>
      )}

      <Preview state={preview} />

      <Group justify="flex-end">
        {exporter.isPending && (
          <Group gap="xs" data-testid="report-rendering">
            <Loader size="xs" />
            <Text size="sm">Rendering the PDF…</Text>
          </Group>
        )}
        <Button
          leftSection={<IconDownload size={16} />}
          onClick={save}
          loading={exporter.isPending}
          data-testid="report-save"
        >
          Save PDF…
        </Button>
      </Group>
      {exporter.isError && (
        <Alert color="red" title="The report was not saved" data-testid="report-error">
          {errorMessage(exporter.error)}
        </Alert>
      )}
      {exporter.data && <Saved result={exporter.data} />}
    </Stack>
  );
}

function Saved({ result }: { result: ReportResult }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <Alert color="green" title="Saved" data-testid="report-saved">
      <Stack gap="xs">
        <Text size="sm">
          {result.path} · {result.pages} {result.pages === 1 ? "page" : "pages"} ·{" "}
          {Math.max(1, Math.round((result.bytes ?? 0) / 1024))} KB
        </Text>
        <Group>
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconFolderOpen size={14} />}
            onClick={() => {
              setError(null);
              revealItemInDir(result.path).catch(() =>
                setError("The folder could not be opened; the file is at the path above."),
              );
            }}
            data-testid="report-open-folder"
          >
            Open folder
          </Button>
        </Group>
        {error && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

function Preview({ state }: { state: ReturnType<typeof useReportPreview> }) {
  if (state.isPending) {
    return (
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm">Drawing the first pages…</Text>
      </Group>
    );
  }
  if (state.isError) {
    return (
      <Alert color="red" title="The preview could not be drawn">
        {errorMessage(state.error)}
      </Alert>
    );
  }
  const p = state.data;
  return (
    <Stack gap="sm" data-testid="report-preview" aria-busy={state.isFetching}>
      <Group gap="xs">
        <Text fw={600}>{p.title}</Text>
        <Badge variant="light" color="gray" style={{ textTransform: "none" }}>
          {p.pages} {p.pages === 1 ? "page" : "pages"}
        </Badge>
        {state.isFetching && <Loader size="xs" aria-label="Updating the preview" />}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {p.page_images.map((src, i) => {
          // The backend sends the title page, then the body from its first section on.
          const page = i === 0 ? 1 : (p.sections[0]?.page ?? 2) + i - 1;
          return (
            <Stack key={i} gap={4}>
              <Paper withBorder shadow="xs" p={0} style={{ overflow: "hidden" }}>
                <Image src={src} alt={`Page ${page} of ${p.pages}`} />
              </Paper>
              <Text size="xs" c="dimmed" ta="center">
                Page {page} of {p.pages}
              </Text>
            </Stack>
          );
        })}
        <Paper withBorder p="sm">
          <Text size="sm" fw={600} mb={4}>
            Contents
          </Text>
          <Table withRowBorders={false} verticalSpacing={2} fz="sm" data-testid="report-sections">
            <Table.Tbody>
              {p.sections.map((s) => (
                <Table.Tr key={s.number}>
                  <Table.Td c="dimmed" w={28}>
                    {s.number}
                  </Table.Td>
                  <Table.Td>{s.title}</Table.Td>
                  <Table.Td ta="right" c="dimmed">
                    {s.page}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
