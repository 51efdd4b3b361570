import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconBell, IconFlag } from "@tabler/icons-react";
import { useState } from "react";
import type { IncidentView, NotificationClock, Trigger } from "../../bindings";
import { commands } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import {
  CLOCK_COLOUR,
  CLOCK_STATUS,
  ESCALATION_COLOUR,
  ESCALATION_STATUS,
  countdown,
  triggerLabel,
  when,
} from "./format";
import { NoticeModal, type NoticePreset } from "./Notices";
import { useIncidentChange } from "./queries";
import { useNow } from "./useNow";

/** The triggers a person records by hand (detection is recorded when the incident opens). */
const RECORDABLE: Trigger[] = ["awareness", "materiality_determination", "discovery"];

type Props = { view: IncidentView; receivedAt: number };

/** The notification clocks, each counting down live, and the escalation timers. */
export function Clocks({ view, receivedAt }: Props) {
  const now = useNow();
  const elapsed = Math.max(0, (now - receivedAt) / 1000);
  const [notice, setNotice] = useState<NoticePreset | null>(null);
  const id = view.incident.id;
  const trigger = useIncidentChange((t: Trigger) => commands.recordTrigger(id, t, null));
  const recorded = (t: Trigger) => view.incident.triggers.find((r) => r.trigger === t);

  return (
    <Stack gap="sm" data-testid="clocks">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          Notification clocks
        </Title>
        <Group gap="xs" wrap="wrap">
          {RECORDABLE.map((t) => {
            const r = recorded(t);
            return r ? (
              <Badge key={t} variant="light" color="gray" size="lg" tt="none">
                {triggerLabel(t)}: {when(r.at)}
              </Badge>
            ) : (
              <Button
                key={t}
                size="xs"
                variant="default"
                leftSection={<IconFlag size={14} />}
                loading={trigger.isPending && trigger.variables === t}
                onClick={() => trigger.mutate(t)}
                data-testid={`record-trigger-${t}`}
              >
                Record {triggerLabel(t)} now
              </Button>
            );
          })}
        </Group>
      </Group>
      {trigger.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(trigger.error)}
        </Text>
      )}
      {view.clocks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No notification rule applies to this client and these assets (jurisdictions, sectors, data
          classes, contract and insurer). Check the client's details if that is wrong.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="sm">
          {view.clocks.map((c) => (
            <ClockCard
              key={c.rule_key}
              clock={c}
              elapsed={elapsed}
              onRecordTrigger={() => trigger.mutate(c.trigger)}
              triggerBusy={trigger.isPending}
              onNotice={() =>
                setNotice({ clock: c.rule_key, recipient: c.recipient, escalationLevel: null })
              }
            />
          ))}
        </SimpleGrid>
      )}
      {view.escalations.length > 0 && <Escalations view={view} onNotice={(p) => setNotice(p)} />}
      <NoticeModal view={view} preset={notice} onClose={() => setNotice(null)} />
    </Stack>
  );
}

type CardProps = {
  clock: NotificationClock;
  elapsed: number;
  onRecordTrigger: () => void;
  triggerBusy: boolean;
  onNotice: () => void;
};

function ClockCard({ clock: c, elapsed, onRecordTrigger, triggerBusy, onNotice }: CardProps) {
  const live = ["running", "due_soon", "overdue"].includes(c.status);
  const remaining =
    c.remaining_seconds === null ? null : c.remaining_seconds - (live ? elapsed : 0);
  // The status turns to overdue on the screen the second the countdown passes zero.
  const status = live && remaining !== null && remaining < 0 ? "overdue" : c.status;
  const colour = CLOCK_COLOUR[status];
  const sent = status === "sent_on_time" || status === "sent_late";
  return (
    <Card
      withBorder
      padding="sm"
      data-testid="clock"
      data-rule={c.rule_key}
      data-status={status}
      style={{ borderColor: status === "overdue" ? "var(--mantine-color-red-6)" : undefined }}
    >
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Tooltip label={`${c.source.citation}. Recipient: ${c.recipient}.`} multiline maw={320}>
            <Text fw={600} size="sm" style={{ cursor: "help" }}>
              {c.name}
            </Text>
          </Tooltip>
          <Badge color={colour} variant={status === "overdue" ? "filled" : "light"}>
            {CLOCK_STATUS[status]}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {c.regime} · {c.window} from {triggerLabel(c.trigger).toLowerCase()} · to {c.recipient}
        </Text>
        {status === "awaiting_trigger" ? (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Starts when {triggerLabel(c.trigger).toLowerCase()} is recorded.
            </Text>
            <Anchor component="button" size="sm" onClick={onRecordTrigger} disabled={triggerBusy}>
              Record it now
            </Anchor>
          </Group>
        ) : sent ? (
          <Text size="sm" c={colour} data-testid="clock-countdown">
            Sent {when(c.sent_at)} ({status === "sent_on_time" ? "on time" : "late"}; deadline{" "}
            {when(c.deadline)})
          </Text>
        ) : (
          <Group justify="space-between" align="flex-end" wrap="nowrap">
            <Stack gap={0}>
              <Text
                ff="monospace"
                fw={700}
                size="xl"
                c={status === "overdue" ? "red" : status === "due_soon" ? "orange" : undefined}
                data-testid="clock-countdown"
              >
                {remaining === null
                  ? "—"
                  : remaining < 0
                    ? `${countdown(remaining)} overdue`
                    : `${countdown(remaining)} left`}
              </Text>
              <Text size="xs" c="dimmed">
                deadline {when(c.deadline)}
              </Text>
            </Stack>
            <Button
              size="xs"
              variant={status === "overdue" || status === "due_soon" ? "filled" : "light"}
              color={status === "overdue" ? "red" : undefined}
              leftSection={<IconBell size={14} />}
              onClick={onNotice}
              data-testid="record-notice-for-clock"
            >
              Record notice sent
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Escalations({
  view,
  onNotice,
}: {
  view: IncidentView;
  onNotice: (p: NoticePreset) => void;
}) {
  return (
    <Card withBorder padding="sm" data-testid="escalations">
      <Text fw={600} size="sm" mb={4}>
        Escalation
      </Text>
      <Table verticalSpacing={4} fz="sm">
        <Table.Tbody>
          {view.escalations.map((e) => (
            <Table.Tr key={e.level} data-testid="escalation" data-status={e.status}>
              <Table.Td w={60}>Level {e.level}</Table.Td>
              <Table.Td>
                <Text size="sm">{e.who}</Text>
                <Text size="xs" c="dimmed">
                  {e.condition}
                </Text>
              </Table.Td>
              <Table.Td w={150}>
                {e.done_at ? `done ${when(e.done_at)}` : e.due_at ? `due ${when(e.due_at)}` : ""}
              </Table.Td>
              <Table.Td w={110}>
                <Badge
                  color={ESCALATION_COLOUR[e.status]}
                  variant={e.status === "overdue" ? "filled" : "light"}
                >
                  {ESCALATION_STATUS[e.status]}
                </Badge>
              </Table.Td>
              <Table.Td w={90}>
                {(e.status === "due" || e.status === "overdue" || e.status === "pending") && (
                  <Anchor
                    component="button"
                    size="sm"
                    onClick={() =>
                      onNotice({ clock: null, recipient: e.who, escalationLevel: e.level })
                    }
                  >
                    Record
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
