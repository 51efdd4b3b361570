import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
} from "@mantine/core";
import { IconFileSpreadsheet } from "@tabler/icons-react";
import { useState } from "react";
import { chooseFile } from "../../lib/dialogs";
import { CommandError, errorMessage, sentence } from "../../lib/errors";
import type { AssetField, ImportPreview, ImportResult, RowError } from "../../bindings";
import { delimiterLabel, ENCODING_LABELS, FIELD_LABELS } from "./options";
import { previewImport, useImportAssets, type Mapping } from "../../lib/queries/assets";

type Props = { clientId: string; opened: boolean; onClose: () => void };

type Loaded = { name: string; size: number; pick: string };

const FIELDS = Object.keys(FIELD_LABELS) as AssetField[];

/** File → columns → check → import. Nothing is written until the last step's button. */
export function ImportWizard({ clientId, opened, onClose }: Props) {
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<Loaded | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const importer = useImportAssets(clientId);

  const reset = () => {
    setStep(0);
    setFile(null);
    setPreview(null);
    setBusy(null);
    setProblem(null);
    setResult(null);
    importer.reset();
  };
  const close = () => {
    if (importer.isPending) return;
    reset();
    onClose();
  };

  const runPreview = async (loaded: Loaded, mapping: Mapping | null) => {
    setBusy(`Checking ${loaded.name}…`);
    setProblem(null);
    try {
      setPreview(await previewImport(clientId, loaded.pick, mapping));
      return true;
    } catch (e) {
      setProblem(e);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const pick = async () => {
    setProblem(null);
    try {
      const picked = await chooseFile("Choose a CSV file to import", {
        name: "CSV",
        extensions: ["csv", "tsv", "txt"],
      });
      if (!picked) return;
      setPreview(null);
      const loaded = { name: picked.name, size: picked.size_bytes ?? 0, pick: picked.pick };
      setFile(loaded);
      await runPreview(loaded, null);
    } catch (e) {
      setProblem(e);
    }
  };

  const remap = (field: AssetField, column: string | null) => {
    if (!file || !preview) return;
    const mapping: Mapping = preview.mapping.map((f) => (f === field ? null : f));
    if (column !== null) mapping[Number(column)] = field;
    void runPreview(file, mapping);
  };

  const confirm = () => {
    if (!file || !preview) return;
    importer.mutate(
      { pick: file.pick, mapping: preview.mapping },
      {
        onSuccess: (r) => {
          setResult(r);
          setStep(3);
        },
      },
    );
  };

  const valid = preview?.valid_count ?? 0;
  const mappingBroken = (preview?.mapping_errors.length ?? 0) > 0;

  return (
    <Modal opened={opened} onClose={close} title="Import assets from CSV" size={900}>
      <Stack data-testid="import-wizard">
        <Stepper active={step} onStepClick={(s) => s < 3 && preview && setStep(s)} size="sm">
          <Stepper.Step label="File" description="Pick a CSV">
            <Stack mt="md">
              <Text size="sm">
                A spreadsheet saved as CSV, with a header row. Excel&apos;s “CSV UTF-8”, plain CSV
                (Windows-1252), semicolons and tabs all work.
              </Text>
              <Group>
                <Button
                  leftSection={<IconFileSpreadsheet size={16} />}
                  onClick={() => void pick()}
                  disabled={busy !== null}
                  data-testid="import-choose-file"
                >
                  {file ? "Choose another file" : "Choose a CSV file"}
                </Button>
                {file && (
                  <Text size="sm" c="dimmed">
                    {file.name} · {formatSize(file.size)}
                  </Text>
                )}
              </Group>
              {preview && (
                <SimpleGrid cols={3} data-testid="import-file-facts">
                  <Fact label="Encoding" value={ENCODING_LABELS[preview.encoding]} />
                  <Fact label="Delimiter" value={delimiterLabel(preview.delimiter)} />
                  <Fact label="Rows" value={String(preview.total_rows)} />
                </SimpleGrid>
              )}
            </Stack>
          </Stepper.Step>

          <Stepper.Step label="Columns" description="Match them to fields">
            {preview && (
              <Stack mt="md" data-testid="import-mapping">
                {preview.mapping_errors.length > 0 && (
                  <Alert
                    color="red"
                    title="Fix the columns first"
                    data-testid="import-mapping-errors"
                  >
                    {preview.mapping_errors.map((e) => sentence(e.message)).join(" ")}
                  </Alert>
                )}
                <Text size="sm">
                  Which column holds each field. Cordon guessed from the headers; change any that
                  are wrong (the check re-runs).
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
                  {FIELDS.map((field) => {
                    const column = preview.mapping.indexOf(field);
                    const suggested = preview.suggested_mapping.indexOf(field);
                    return (
                      <Select
                        key={field}
                        label={FIELD_LABELS[field]}
                        placeholder="Not in this file"
                        data={preview.headers.map((h, i) => ({
                          value: String(i),
                          label: h || `Column ${i + 1}`,
                        }))}
                        value={column >= 0 ? String(column) : null}
                        onChange={(v) => remap(field, v)}
                        clearable
                        disabled={busy !== null}
                        description={
                          suggested >= 0 && suggested !== column
                            ? `Suggested: ${preview.headers[suggested]}`
                            : undefined
                        }
                        data-testid={`import-map-${field}`}
                      />
                    );
                  })}
                </SimpleGrid>
              </Stack>
            )}
          </Stepper.Step>

          <Stepper.Step label="Check" description="Review the rows">
            {preview && (
              <Stack mt="md">
                <Text size="sm" data-testid="import-valid-count">
                  <b>{valid}</b> of {preview.total_rows} rows are valid
                  {preview.errors.length > 0 &&
                    `; ${rowCount(preview.errors)} ${rowCount(preview.errors) === 1 ? "row has" : "rows have"} problems and will not be imported unless you fix the file and pick it again`}
                  .
                </Text>
                {preview.errors.length > 0 && <ErrorTable errors={preview.errors} />}
              </Stack>
            )}
          </Stepper.Step>

          <Stepper.Completed>
            {result && (
              <Stack mt="md" data-testid="import-result">
                <Alert color={result.rejected.length ? "yellow" : "green"} title="Import finished">
                  {resultMessage(result)}
                </Alert>
                {result.rejected.length > 0 && <ErrorTable errors={result.rejected} />}
              </Stack>
            )}
          </Stepper.Completed>
        </Stepper>

        {busy && (
          <Group gap="xs" data-testid="import-busy">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              {busy}
            </Text>
          </Group>
        )}
        {importer.isPending && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Importing {valid} rows in one transaction…
            </Text>
          </Group>
        )}
        {problem !== null && (
          <Alert color="red" title="Cordon cannot check this file yet">
            {problemText(problem)}
          </Alert>
        )}
        {importer.isError && (
          <Alert color="red" title="Nothing was imported">
            {errorMessage(importer.error)}
          </Alert>
        )}

        <Group justify="space-between">
          <Button variant="default" onClick={close} disabled={importer.isPending}>
            {step === 3 ? "Close" : "Cancel"}
          </Button>
          <Group>
            {step > 0 && step < 3 && (
              <Button
                variant="default"
                onClick={() => setStep(step - 1)}
                disabled={importer.isPending}
              >
                Back
              </Button>
            )}
            {step < 2 && (
              <Button
                onClick={() => setStep(mappingBroken ? 1 : step + 1)}
                disabled={!preview || busy !== null || (step === 1 && mappingBroken)}
                data-testid="import-next"
              >
                Next
              </Button>
            )}
            {step === 2 && (
              <Button
                onClick={confirm}
                disabled={valid === 0 || busy !== null || mappingBroken}
                loading={importer.isPending}
                data-testid="import-confirm"
              >
                Import {valid} valid {valid === 1 ? "row" : "rows"}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

export function resultMessage(r: ImportResult): string {
  const imported = `Imported ${r.imported} ${r.imported === 1 ? "asset" : "assets"}`;
  const n = rowCount(r.rejected);
  if (n === 0) return `${imported}.`;
  return `${imported}; ${n} ${n === 1 ? "row was" : "rows were"} not imported.`;
}

/** A bad mapping comes back as field errors on "mapping": their messages say what to pick. */
function problemText(problem: unknown): string {
  const e = CommandError.from(problem);
  return e.fields.length ? e.fields.map((f) => sentence(f.message)).join(" ") : sentence(e.message);
}

/** Rows with at least one problem (a row can have several). */
function rowCount(errors: RowError[]): number {
  return new Set(errors.map((e) => e.row)).size;
}

function ErrorTable({ errors }: { errors: RowError[] }) {
  return (
    <ScrollArea.Autosize mah={320}>
      <Table striped withTableBorder verticalSpacing={4} data-testid="import-errors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Row</Table.Th>
            <Table.Th w={160}>Column</Table.Th>
            <Table.Th>What to fix</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {errors.map((e, i) => (
            <Table.Tr key={i} data-testid="import-error-row">
              <Table.Td>{e.row}</Table.Td>
              <Table.Td>{e.column || <Text c="dimmed">whole row</Text>}</Table.Td>
              <Table.Td>{e.message.charAt(0).toUpperCase() + e.message.slice(1)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Badge variant="light" size="lg" radius="sm" tt="none">
        {value}
      </Badge>
    </Stack>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
