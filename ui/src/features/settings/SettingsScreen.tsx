import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import type { WorkspaceInfo } from "../../bindings";
import { errorMessage } from "../../lib/errors";
import { useWorkspaceInfo } from "../../lib/queries/workspace";
import { MspBrandingCard } from "./MspBrandingCard";
import { IncidentSettingsCard } from "./IncidentSettingsCard";
import { PassphraseDialog, type KeyChange } from "./PassphraseDialog";
import { PrivacySettingsCard } from "./PrivacySettingsCard";

export function SettingsScreen() {
  const info = useWorkspaceInfo();
  return (
    <Stack gap="lg" maw={860}>
      <Title order={1} size="h2">
        Settings
      </Title>
      {info.isPending && <Loader size="sm" aria-label="Loading settings" />}
      {info.isError && (
        <Alert color="red" title="The workspace details could not be read">
          {errorMessage(info.error)}
        </Alert>
      )}
      {info.data && <SecurityCard info={info.data} />}
      <PrivacySettingsCard />
      <MspBrandingCard />
      <IncidentSettingsCard />
      <AboutCard />
    </Stack>
  );
}

function SecurityCard({ info }: { info: WorkspaceInfo }) {
  const [change, setChange] = useState<KeyChange | null>(null);
  const onPassphrase = info.key_source === "passphrase";

  return (
    <Card title="Security" testId="security-card">
      <Table variant="vertical" layout="fixed" withTableBorder={false}>
        <Table.Tbody>
          <Row label="Key">
            <Badge variant="light" color="gray" style={{ textTransform: "none" }}>
              {onPassphrase ? "Passphrase" : "System keychain"}
            </Badge>
          </Row>
          <Row label="Data folder">
            <Copyable value={info.data_dir} />
          </Row>
          <Row label="Database file">
            <Copyable value={info.database_path} />
          </Row>
          <Row label="Encryption">SQLCipher {info.cipher_version}</Row>
          <Row label="SQLite">{info.sqlite_version}</Row>
          <Row label="Schema version">{info.schema_version}</Row>
          <Row label="Device id">
            <Copyable value={info.device_id} />
          </Row>
        </Table.Tbody>
      </Table>

      <Group mt="md" gap="sm" align="flex-start">
        {onPassphrase ? (
          <>
            <Button variant="default" onClick={() => setChange("change")}>
              Change passphrase
            </Button>
            <Stack gap={4}>
              <Button
                variant="default"
                onClick={() => setChange("to-keychain")}
                disabled={!info.keychain_available}
              >
                Switch to keychain
              </Button>
              {!info.keychain_available && (
                <Text size="xs" c="dimmed" maw={320}>
                  No system keychain was found on this computer, so the key must stay behind a
                  passphrase.
                </Text>
              )}
            </Stack>
          </>
        ) : (
          <Button variant="default" onClick={() => setChange("to-passphrase")}>
            Switch to passphrase
          </Button>
        )}
      </Group>
      <PassphraseDialog change={change} onClose={() => setChange(null)} />
    </Card>
  );
}

function AboutCard() {
  const info = useWorkspaceInfo();
  // The shell writes its support log to "logs" in the data folder (src-tauri/src/desktop.rs).
  const dir = info.data?.data_dir;
  const logs = dir ? `${dir}${dir.includes("\\") ? "\\" : "/"}logs` : null;
  // From the build rather than Tauri's getVersion(), which would need an extra capability.
  return (
    <Card title="About" testId="about-card">
      <Table variant="vertical" layout="fixed" withTableBorder={false}>
        <Table.Tbody>
          <Row label="Cordon">{__APP_VERSION__}</Row>
          {logs && (
            <Row label="Support log">
              <Copyable value={logs} />
              <Text size="xs" c="dimmed" data-testid="support-log">
                One file a day, the last 7 kept: what Cordon did and which actions failed, never
                passphrases or client data. Send it with a problem report.
              </Text>
            </Row>
          )}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function Card({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={160} fw={500} c="dimmed">
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function Copyable({ value }: { value: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Code style={{ wordBreak: "break-all" }}>{value}</Code>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : "Copy"}>
            <ActionIcon variant="subtle" color="gray" size="sm" onClick={copy} aria-label="Copy">
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
