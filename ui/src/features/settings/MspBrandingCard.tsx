import { Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { MspBrandingSettings } from "../../bindings";
import { CommandError, errorMessage, fieldErrorMap } from "../../lib/errors";
import { LogoField } from "../../components/LogoField";
import { useMspBranding, useSaveMspBranding } from "../../lib/queries/reports";

/** The MSP's name and logo, printed on the title page and footer of every report. */
export function MspBrandingCard() {
  const branding = useMspBranding();
  // Held here, not in the form: the form is remounted with the saved values, and "Saved"
  // must outlive that.
  const save = useSaveMspBranding();
  return (
    <Paper withBorder p="lg" data-testid="msp-branding-card">
      <Title order={2} size="h4" mb={4}>
        Your branding
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Reports say they were prepared by you: your name goes on every page, your logo on the title
        page. Each client&apos;s own logo and colour come from its branding.
      </Text>
      {branding.isError && (
        <Text size="sm" c="red">
          {errorMessage(branding.error)}
        </Text>
      )}
      {branding.data && (
        <Form key={JSON.stringify(branding.data)} initial={branding.data} save={save} />
      )}
    </Paper>
  );
}

function Form({
  initial,
  save,
}: {
  initial: MspBrandingSettings;
  save: ReturnType<typeof useSaveMspBranding>;
}) {
  const [form, setForm] = useState(initial);
  const fields = save.error ? fieldErrorMap(CommandError.from(save.error).fields) : {};
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(form);
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="MSP name"
          description="As your clients know you, e.g. Nordlicht IT-Sicherheit GmbH"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={fields.name}
          data-testid="msp-name"
        />
        <LogoField
          value={form.logo}
          onChange={(logo) => setForm({ ...form, logo })}
          error={fields.logo}
          description="PNG or JPEG under 512 KB, printed on the title page of your reports."
        />
        {save.isError && !fields.name && !fields.logo && (
          <Text size="sm" c="red">
            {errorMessage(save.error)}
          </Text>
        )}
        <Group justify="flex-end">
          {save.isSuccess && !dirty && (
            <Text size="sm" c="dimmed">
              Saved
            </Text>
          )}
          <Button type="submit" disabled={!dirty} loading={save.isPending} data-testid="msp-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
