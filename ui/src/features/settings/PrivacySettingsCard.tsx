import { Group, Paper, Select, Stack, Switch, Text, Title } from "@mantine/core";
import type { PrivacySettings } from "../../bindings";
import { errorMessage } from "../../lib/errors";
import { usePrivacySettings, useSavePrivacySettings } from "../../lib/queries/workspace";

const IDLE_CHOICES = [
  { value: "0", label: "Never" },
  { value: "5", label: "After 5 minutes" },
  { value: "15", label: "After 15 minutes" },
  { value: "30", label: "After 30 minutes" },
  { value: "60", label: "After 60 minutes" },
];

/** This laptop's lock and notification privacy; each change is saved at once. */
export function PrivacySettingsCard() {
  const settings = usePrivacySettings();
  const save = useSavePrivacySettings();
  const put = (patch: Partial<PrivacySettings>) => {
    if (settings.data) save.mutate({ ...settings.data, ...patch });
  };
  return (
    <Paper withBorder p="lg" data-testid="privacy-settings-card">
      <Title order={2} size="h4" mb="sm">
        Lock and notifications
      </Title>
      {settings.isError && (
        <Text size="sm" c="red">
          {errorMessage(settings.error)}
        </Text>
      )}
      {settings.data && (
        <Stack gap="md">
          <Group grow align="flex-start">
            <Select
              label="Lock when idle"
              description="Closes the workspace and forgets its key; Ctrl+L or the lock button locks at once"
              data={IDLE_CHOICES}
              value={String(settings.data.idle_lock_minutes)}
              onChange={(v) => v !== null && put({ idle_lock_minutes: Number(v) })}
              allowDeselect={false}
              data-testid="settings-idle-lock"
            />
          </Group>
          <Switch
            label="Name the client in deadline notifications"
            description='Off: notifications say only "A notification deadline is due", for screens others can see'
            checked={settings.data.names_in_notifications}
            onChange={(e) => put({ names_in_notifications: e.currentTarget.checked })}
            data-testid="settings-notification-names"
          />
          {save.isError && (
            <Text size="sm" c="red">
              {errorMessage(save.error)}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
