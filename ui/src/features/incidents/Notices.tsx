import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { useState } from "react";
import type { IncidentView, NoticeInput } from "../../bindings";
import { commands } from "../../lib/api";
import { fromLocalInput, nowLocalInput, when } from "./format";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";
import { UserText } from "../../components/UserText";

/** What a "record notice" button already knows: the clock or escalation level it is for. */
export type NoticePreset = {
  clock: string | null;
  recipient: string;
  escalationLevel: number | null;
};

/** The notices and escalations sent, newest first, and a button to record one. */
export function Notices({ view }: { view: IncidentView }) {
  const [preset, setPreset] = useState<NoticePreset | null>(null);
  const clockName = (key: string | null) => view.clocks.find((c) => c.rule_key === key)?.name;
  const notices = [...view.notices].sort((a, b) => b.sent_at.localeCompare(a.sent_at));
  return (
    <Stack gap="sm" data-testid="notices">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Every notice and escalation sent, with its reference.
        </Text>
        <Button
          size="xs"
          leftSection={<IconBell size={14} />}
          onClick={() => setPreset({ clock: null, recipient: "", escalationLevel: null })}
          data-testid="record-notice"
        >
          Record notice
        </Button>
      </Group>
      {notices.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notice recorded yet. Record each one as it is sent: the clocks stop on it.
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4}>
          <Table.Tbody>
            {notices.map((n) => (
              <Table.Tr key={n.id} data-testid="notice-row">
                <Table.Td w={130}>{when(n.sent_at)}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    <UserText>{n.recipient}</UserText>{" "}
                    <Text span size="xs" c="dimmed">
                      via {n.channel}
                      {n.reference ? ` · ref ${n.reference}` : ""}
                    </Text>
                  </Text>
                  {n.summary && (
                    <Text size="xs">
                      <UserText>{n.summary}</UserText>
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={140}>
                  {n.clock && (
                    <Badge variant="light" color="gray" tt="none">
                      {clockName(n.clock) ?? n.clock}
                    </Badge>
                  )}
                  {n.escalation_level !== null && (
                    <Badge variant="light" color="gray" tt="none">
                      Escalation {n.escalation_level}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NoticeModal view={view} preset={preset} onClose={() => setPreset(null)} />
    </Stack>
  );
}

type ModalProps = { view: IncidentView; preset: NoticePreset | null; onClose: () => void };

export function NoticeModal({ view, preset, onClose }: ModalProps) {
  return (
    <Modal opened={preset !== null} onClose={onClose} title="Record a notice sent" size="lg">
      {preset && <NoticeForm view={view} preset={preset} onDone={onClose} />}
    </Modal>
  );
}

function NoticeForm({
  view,
  preset,
  onDone,
}: {
  view: IncidentView;
  preset: NoticePreset;
  onDone: () => void;
}) {
  const id = view.incident.id;
  const [form, setForm] = useState({
    recipient: preset.recipient,
    channel: "",
    sentAt: nowLocalInput(),
    summary: "",
    reference: "",
    clock: preset.clock,
    level: preset.escalationLevel === null ? null : String(preset.escalationLevel),
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const record = useIncidentChange((input: NoticeInput) => commands.recordNotice(id, input));
  const { fields, rest } = formErrors(record.error);
  const submit = () =>
    record.mutate(
      {
        recipient: form.recipient,
        channel: form.channel,
        sent_at: fromLocalInput(form.sentAt) ?? new Date().toISOString(),
        summary: form.summary,
        reference: form.reference,
        clock: form.clock,
        escalation_level: form.level === null ? null : Number(form.level),
      },
      { onSuccess: onDone },
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Stack gap="sm">
        <Group grow align="flex-start">
          <Select
            label="For the clock"
            placeholder="No clock"
            clearable
            data={view.clocks.map((c) => ({ value: c.rule_key, label: c.name }))}
            value={form.clock}
            onChange={(v) => set({ clock: v })}
            error={fields.clock}
            data-testid="notice-clock"
          />
          <Select
            label="Escalation level"
            placeholder="None"
            clearable
            data={view.escalations.map((e) => ({
              value: String(e.level),
              label: `Level ${e.level}: ${e.who}`,
            }))}
            value={form.level}
            onChange={(v) => set({ level: v })}
            error={fields.escalation_level}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Recipient"
            required
            value={form.recipient}
            onChange={(e) => set({ recipient: e.currentTarget.value })}
            error={fields.recipient}
            data-autofocus
            data-testid="notice-recipient"
          />
          <TextInput
            label="Channel"
            placeholder="Regulator portal, phone, email…"
            required
            value={form.channel}
            onChange={(e) => set({ channel: e.currentTarget.value })}
            error={fields.channel}
            data-testid="notice-channel"
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Sent at"
            type="datetime-local"
            value={form.sentAt}
            onChange={(e) => set({ sentAt: e.currentTarget.value })}
            error={fields.sent_at}
            data-testid="notice-sent-at"
          />
          <TextInput
            label="Reference"
            placeholder="Case or claim number"
            value={form.reference}
            onChange={(e) => set({ reference: e.currentTarget.value })}
            error={fields.reference}
            data-testid="notice-reference"
          />
        </Group>
        <Textarea
          label="What was said"
          autosize
          minRows={2}
          value={form.summary}
          onChange={(e) => set({ summary: e.currentTarget.value })}
          error={fields.summary}
          data-testid="notice-summary"
        />
        <FormError message={rest()} />
        <Group justify="flex-end">
          <Button type="submit" loading={record.isPending} data-testid="notice-submit">
            Record notice
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
