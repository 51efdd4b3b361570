import {
  ActionIcon,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { FormFooter } from "../../components/FormFooter";
import { wholeNumber } from "../../lib/fieldRules";
import { FormSection, RecordForm, useRecordSubmit } from "../../components/RecordForm";
import type { Asset } from "../../bindings";
import {
  EMPTY_VULNERABILITY,
  hasInput,
  score,
  toInput,
  type AssetFormValues,
  type TimeUnit,
} from "./formValues";
import {
  CRITICALITY_LABELS,
  DATA_CLASS_LABELS,
  IMPACT_LABELS,
  KIND_LABELS,
  LIKELIHOOD_LABELS,
  options,
  SEVERITY_LABELS,
  VULN_STATUS_LABELS,
} from "./options";
import { useAssetList, useSaveAsset } from "../../lib/queries/assets";

type Props = {
  clientId: string;
  assetId: string | null;
  initialValues: AssetFormValues;
  onSaved: (asset: Asset) => void;
  onCancel: () => void;
};

const KIND_OPTIONS = options(KIND_LABELS);
const DATA_CLASS_OPTIONS = options(DATA_CLASS_LABELS);
const SEVERITY_OPTIONS = options(SEVERITY_LABELS);
const STATUS_OPTIONS = options(VULN_STATUS_LABELS);
const numbered = (labels: Record<number, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label: `${value} · ${label}` }));
const CRITICALITY_OPTIONS = numbered(CRITICALITY_LABELS);
const LIKELIHOOD_OPTIONS = numbered(LIKELIHOOD_LABELS);
const IMPACT_OPTIONS = numbered(IMPACT_LABELS);
const UNIT_OPTIONS: { value: TimeUnit; label: string }[] = [
  { value: "min", label: "minutes" },
  { value: "h", label: "hours" },
  { value: "d", label: "days" },
];

/** Creates an asset (assetId null) or edits one. The backend validates; its messages land
 * under the inputs they are about. */
export function AssetForm({ clientId, assetId, initialValues, onSaved, onCancel }: Props) {
  const form = useForm<AssetFormValues>({
    mode: "controlled",
    initialValues,
    validateInputOnBlur: true,
    validate: {
      rto: wholeNumber("The RTO"),
      rpo: wholeNumber("The RPO"),
      risk: {
        likelihood: (v, values) =>
          !v && (values.risk.impact || values.risk.rationale.trim())
            ? "Pick a likelihood from 1 (rare) to 5 (almost certain), or clear the risk"
            : null,
        impact: (v, values) =>
          !v && (values.risk.likelihood || values.risk.rationale.trim())
            ? "Pick an impact from 1 (minor) to 5 (severe), or clear the risk"
            : null,
      },
    },
  });
  const save = useSaveAsset(clientId, assetId);
  const others = useAssetList(clientId);
  const { submit, problem } = useRecordSubmit(form, save, toInput, onSaved);
  const values = form.getValues();

  const dependencyOptions = (others.data ?? [])
    .filter((a) => a.id !== assetId)
    .map((a) => ({ value: a.id, label: a.name }));
  // A dependency stored by name (from an import) that is no longer an asset still shows.
  for (const d of values.dependencies) {
    if (!dependencyOptions.some((o) => o.value === d))
      dependencyOptions.push({ value: d, label: d });
  }

  const riskScore = score(values);

  return (
    <RecordForm onSubmit={submit} testId="asset-form">
      <Stack gap="lg">
        <FormSection title="Asset">
          <TextInput
            label="Name"
            description="Its hostname, or the name staff call it (e.g. FS-01, Dentrix)"
            withAsterisk
            data-autofocus={assetId === null || undefined}
            data-testid="asset-name-input"
            {...form.getInputProps("name")}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Select
              label="Kind"
              description="What it is"
              data={KIND_OPTIONS}
              allowDeselect={false}
              {...form.getInputProps("kind")}
            />
            <Select
              label="Criticality"
              description="What happens to the business while it is down"
              data={CRITICALITY_OPTIONS}
              allowDeselect={false}
              {...form.getInputProps("criticality")}
            />
            <TextInput
              label="Owner"
              description="Who at the client answers for it"
              {...form.getInputProps("owner")}
            />
            <TextInput
              label="Location"
              description="Site, rack, cloud region or vendor"
              {...form.getInputProps("location")}
            />
          </SimpleGrid>
          <MultiSelect
            label="Data it holds"
            description="Decides which breach-notification duties apply if it is exposed"
            data={DATA_CLASS_OPTIONS}
            clearable
            hidePickedOptions
            {...form.getInputProps("data_classes")}
          />
        </FormSection>

        <FormSection title="Recovery">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <Duration
              label="RTO"
              description="How long it may be down"
              form={form}
              field="rto"
              error={form.errors.rto_minutes}
            />
            <Duration
              label="RPO"
              description="How much data may be lost"
              form={form}
              field="rpo"
              error={form.errors.rpo_minutes}
            />
          </SimpleGrid>
          <MultiSelect
            label="Depends on"
            description="This client's other assets it cannot work without"
            data={dependencyOptions}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage="No other asset of this client matches"
            {...form.getInputProps("dependencies")}
          />
        </FormSection>

        <FormSection title="Known vulnerabilities">
          {values.vulnerabilities.length === 0 && (
            <Text size="sm" c="dimmed">
              None recorded. Add CVEs or missing controls (no MFA, unpatched, end of life).
            </Text>
          )}
          {values.vulnerabilities.map((_, i) => (
            <Paper key={i} withBorder p="xs" data-testid="vulnerability-row">
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <TextInput
                  label="Title"
                  placeholder="CVE-2024-3400 or “No MFA on admin accounts”"
                  style={{ flex: 1 }}
                  {...form.getInputProps(`vulnerabilities.${i}.title`)}
                />
                <Select
                  label="Severity"
                  data={SEVERITY_OPTIONS}
                  allowDeselect={false}
                  w={120}
                  {...form.getInputProps(`vulnerabilities.${i}.severity`)}
                />
                <Select
                  label="Status"
                  data={STATUS_OPTIONS}
                  allowDeselect={false}
                  w={120}
                  {...form.getInputProps(`vulnerabilities.${i}.status`)}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={26}
                  aria-label={`Remove vulnerability ${i + 1}`}
                  onClick={() => form.removeListItem("vulnerabilities", i)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconPlus size={14} />}
              onClick={() => form.insertListItem("vulnerabilities", { ...EMPTY_VULNERABILITY })}
            >
              Add vulnerability
            </Button>
          </Group>
        </FormSection>

        <FormSection title="Risk">
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <Select
              label="Likelihood"
              data={LIKELIHOOD_OPTIONS}
              clearable
              {...form.getInputProps("risk.likelihood")}
            />
            <Select
              label="Impact"
              data={IMPACT_OPTIONS}
              clearable
              {...form.getInputProps("risk.impact")}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Score
              </Text>
              <Group gap="xs" data-testid="asset-risk-score">
                {riskScore === null ? (
                  <Text size="sm" c="dimmed">
                    Choose likelihood and impact
                  </Text>
                ) : (
                  <>
                    <Badge color={scoreColour(riskScore)} variant="light" size="lg">
                      {riskScore}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      of 25
                    </Text>
                  </>
                )}
              </Group>
            </Stack>
          </SimpleGrid>
          <Textarea
            label="Rationale"
            description="Why this likelihood and impact: what would happen, what protects it"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps("risk.rationale")}
          />
        </FormSection>

        <FormFooter
          problem={problem}
          hasInput={hasInput}
          noun="asset"
          saving={save.isPending}
          saveLabel={assetId === null ? "Add asset" : "Save changes"}
          saveTestId="asset-save"
          onCancel={onCancel}
        />
      </Stack>
    </RecordForm>
  );
}

export function scoreColour(score: number): string {
  if (score >= 15) return "red";
  if (score >= 8) return "orange";
  if (score >= 4) return "yellow";
  return "gray";
}

type DurationProps = {
  label: string;
  description: string;
  form: ReturnType<typeof useForm<AssetFormValues>>;
  field: "rto" | "rpo";
  error: ReactNode;
};

function Duration({ label, description, form, field, error }: DurationProps) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        label={label}
        description={description}
        inputMode="numeric"
        style={{ flex: 1 }}
        {...form.getInputProps(field)}
        // What was typed stays, and a refusal is said here (the form's own check, else the
        // backend's message for the stored minutes).
        error={form.errors[field] ?? error}
        data-testid={`asset-${field}`}
      />
      <Select
        aria-label={`${label} unit`}
        data={UNIT_OPTIONS}
        allowDeselect={false}
        w={110}
        mb={error ? 22 : 0}
        {...form.getInputProps(`${field}_unit`)}
      />
    </Group>
  );
}
