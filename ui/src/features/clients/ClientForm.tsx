import {
  ColorInput,
  isOptionsGroup,
  Group,
  MultiSelect,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  type ComboboxParsedItem,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { FormFooter } from "../../components/FormFooter";
import { hexColour, wholeNumber } from "../../lib/fieldRules";
import { FormSection, RecordForm, useRecordSubmit } from "../../components/RecordForm";
import type { Client } from "../../bindings";
import { ContactsFields } from "./ContactsFields";
import { hasInput, toInput, type ClientFormValues } from "./formValues";
import { LogoField } from "../../components/LogoField";
import {
  JURISDICTION_GROUPS,
  JURISDICTION_NAMES,
  normaliseJurisdiction,
  SECTOR_OPTIONS,
} from "../../lib/clientOptions";
import { useSaveClient } from "../../lib/queries/clients";

type Props = {
  clientId: string | null;
  initialValues: ClientFormValues;
  onSaved: (client: Client) => void;
  onCancel: () => void;
};

/** Creates a client (clientId null) or edits one. Validation is the backend's: its messages
 * land under the inputs they are about. */
export function ClientForm({ clientId, initialValues, onSaved, onCancel }: Props) {
  const form = useForm<ClientFormValues>({
    mode: "controlled",
    initialValues,
    validateInputOnBlur: true,
    validate: {
      contract_notice_hours: wholeNumber("The notice window", 1),
      insurer: { notice_hours: wholeNumber("The insurer's notice window", 1) },
      branding: { accent_colour: hexColour },
    },
  });
  const save = useSaveClient(clientId);
  const { submit, problem } = useRecordSubmit(form, save, toInput, onSaved);

  return (
    <RecordForm onSubmit={submit} testId="client-form">
      <Stack gap="lg">
        <FormSection title="Company">
          <TextInput
            label="Name"
            description="As it appears on the contract"
            withAsterisk
            data-autofocus={clientId === null || undefined}
            data-testid="client-name-input"
            {...form.getInputProps("name")}
          />
          <MultiSelect
            label="Sectors"
            description="Sectors select rules such as HIPAA for healthcare or PCI for retail"
            data={SECTOR_OPTIONS}
            searchable
            clearable
            hidePickedOptions
            {...form.getInputProps("sectors")}
          />
          <TagsInput
            label="Jurisdictions"
            description="EU, UK, US or a US state such as US-CA: they decide which notification clocks apply"
            data={JURISDICTION_GROUPS}
            renderOption={({ option }) => (
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={500} w={48}>
                  {option.value}
                </Text>
                <Text size="sm" c="dimmed">
                  {JURISDICTION_NAMES[option.value]}
                </Text>
              </Group>
            )}
            filter={({ options, search }) => filterJurisdictions(options, search)}
            // Enter takes the first suggestion, so "new york" Enter adds US-NY.
            selectFirstOptionOnChange
            clearable
            {...form.getInputProps("jurisdictions")}
            onChange={(codes) =>
              form.setFieldValue("jurisdictions", [...new Set(codes.map(normaliseJurisdiction))])
            }
          />
        </FormSection>

        <FormSection title="Contacts">
          <ContactsFields form={form} />
        </FormSection>

        <FormSection title="Contract">
          <TextInput
            label="Notice window (hours)"
            description="How soon the contract says you must tell the client of an incident"
            inputMode="numeric"
            w={400}
            {...form.getInputProps("contract_notice_hours")}
          />
          <Textarea
            label="Incident terms"
            description="Anything else the contract says about incidents, as written"
            autosize
            minRows={2}
            maxRows={8}
            {...form.getInputProps("contract_terms")}
          />
        </FormSection>

        <FormSection title="Cyber insurer">
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput label="Insurer" {...form.getInputProps("insurer.name")} />
            <TextInput label="Policy number" {...form.getInputProps("insurer.policy_number")} />
            <TextInput
              label="Notice window (hours)"
              description="Cover may be void if the insurer hears later"
              inputMode="numeric"
              {...form.getInputProps("insurer.notice_hours")}
            />
            <TextInput
              label="Claims contact"
              description="Breach hotline or claims email"
              {...form.getInputProps("insurer.claims_contact")}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection title="Branding for reports">
          <ColorInput
            label="Accent colour"
            description="Headings and rules in this client's reports"
            format="hex"
            placeholder="#1f6feb"
            // Keep what was typed: a colour that is not one gets an error here, not silence.
            fixOnBlur={false}
            data-testid="client-accent-colour"
            w={260}
            {...form.getInputProps("branding.accent_colour")}
          />
          <LogoField
            value={form.getValues().branding.logo}
            onChange={(logo) => form.setFieldValue("branding.logo", logo)}
            error={form.errors["branding.logo"]}
          />
        </FormSection>

        <FormFooter
          problem={problem}
          hasInput={hasInput}
          noun="client"
          saving={save.isPending}
          saveLabel={clientId === null ? "Add client" : "Save changes"}
          saveTestId="client-save"
          onCancel={onCancel}
        />
      </Stack>
    </RecordForm>
  );
}

/** Matches "cal" to US-CA by its name as well as by its code. */
function filterJurisdictions(options: ComboboxParsedItem[], search: string): ComboboxParsedItem[] {
  const q = search.trim().toLowerCase();
  if (!q) return options;
  const matches = (value: string) =>
    value.toLowerCase().includes(q) ||
    (JURISDICTION_NAMES[value]?.toLowerCase().includes(q) ?? false);
  return options.flatMap((o): ComboboxParsedItem[] => {
    if (!isOptionsGroup(o)) return matches(o.value) ? [o] : [];
    const items = o.items.filter((i) => matches(i.value));
    return items.length ? [{ ...o, items }] : [];
  });
}
