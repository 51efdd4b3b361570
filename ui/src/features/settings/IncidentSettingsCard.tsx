import { Button, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import type { IncidentSettings } from "../../bindings";
import { errorMessage } from "../../lib/errors";
import { useIncidentSettings, useSaveIncidentSettings } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

/** The name timeline entries are signed with and how early deadlines warn. */
export function IncidentSettingsCard() {
  const settings = useIncidentSettings();
  return (
    <Paper withBorder p="lg" data-testid="incident-settings-card">
      <Title order={2} size="h4" mb="sm">
        Incidents
      </Title>
      {settings.isError && (
        <Text size="sm" c="red">
          {errorMessage(settings.error)}
        </Text>
      )}
      {settings.data && <Form key={JSON.stringify(settings.data)} initial={settings.data} />}
    </Paper>
  );
}

function Form({ initial }: { initial: IncidentSettings }) {
  const [form, setForm] = useState(initial);
  const save = useSaveIncidentSettings();
  const { fields, rest } = formErrors(save.error);
  const dirty = form.author_name !== initial.author_name || form.warn_hours !== initial.warn_hours;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(form);
      }}
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <TextInput
            label="Your name"
            description="Every timeline entry, task and notice you record is signed with it"
            value={form.author_name}
            onChange={(e) => setForm({ ...form, author_name: e.currentTarget.value })}
            error={fields.author_name}
            data-testid="settings-author"
          />
          <NumberInput
            label="Warn before a deadline (hours)"
            description="Clocks turn amber and the OS notifies this long before"
            min={1}
            max={168}
            value={form.warn_hours || ""}
            onChange={(v) => setForm({ ...form, warn_hours: Number(v) || 0 })}
            error={fields.warn_hours}
            data-testid="settings-warn-hours"
          />
        </Group>
        <FormError message={rest()} />
        <Group justify="flex-end">
          {save.isSuccess && !dirty && (
            <Text size="sm" c="dimmed">
              Saved
            </Text>
          )}
          <Button type="submit" disabled={!dirty} loading={save.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
