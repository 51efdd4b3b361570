import { Anchor, Badge, Button, Card, Group, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconBell, IconFlag } from "@tabler/icons-react";
import { useState } from "react";
import type { ClockStatus, IncidentView, NotificationClock, Trigger } from "../../bindings";
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
  whenShort,
} from "./format";
import { NoticeModal, type NoticePreset } from "./Notices";
import { useIncidentChange } from "../../lib/queries/incidents";
import { useNow } from "../../lib/useNow";

/** The triggers a person records by hand (detection is recorded when the incident opens). */
const RECORDABLE: Trigger[] = ["awareness", "materiality_determination", "discovery"];

/** Most urgent first: what needs doing now is at the top. */
const URGENCY: ClockStatus[] = [
  "overdue",
  "due_soon",
  "running",
  "sent_late",
  "sent_on_time",
  "awaiting_trigger",
];

type Props = { view: IncidentView; receivedAt: number };

/** The notification clocks, each counting down live, and the escalation timers. Clocks that
 * wait for the same trigger share one line and one button, so starting them is one click. */
export function Clocks({ view, receivedAt }: Props) {
  const now = useNow();
  const elapsed = Math.max(0, (now - receivedAt) / 1000);
  const [notice, setNotice] = useState<NoticePreset | null>(null);
  const id = view.incident.id;
  const trigger = useIncidentChange((t: Trigger) => commands.recordTrigger(id, t, null));
  const recorded = (t: Trigger) => view.incident.triggers.find((r) => r.trigger === t);
  const started = view.clocks
    .filter((c) => c.status !== "awaiting_trigger")
    .sort(
      (a, b) =>
        URGENCY.indexOf(a.status) - URGENCY.indexOf(b.status) ||
        (a.remaining_seconds ?? 0) - (b.remaining_seconds ?? 0),
    );
  const waiting = RECORDABLE.map((t) => ({
    trigger: t,
    clocks: view.clocks.filter((c) => c.status === "awaiting_trigger" && c.trigger === t),
  }));
  const button = (t: Trigger, loud: boolean) => (
    <Button
      key={t}
      size="xs"
      variant={loud ? "filled" : "default"}
      leftSection={<IconFlag size={14} />}
      loading={trigger.isPending && trigger.variables === t}
      onClick={() => trigger.mutate(t)}
      style={{ flex: "none" }}
      data-testid={`record-trigger-${t}`}
    >
      Record {triggerLabel(t)} now
    </Button>
  );

  return (
    <Stack gap="xs" data-testid="clocks">
      <Title order={2} size="h4">
        Clocks
      </Title>
      {view.clocks.length === 0 && (
        <Text size="sm" c="dimmed">
          No notification rule applies to this client and these assets (jurisdictions, sectors, data
          classes, contract and insurer). Check the client&apos;s details if that is wrong.
        </Text>
      )}
      {/* Most urgent first, and never taller than half the window: the tabs below stay in reach. */}
      <div
        style={{ maxHeight: "46vh", overflowY: "auto", overflowX: "hidden", paddingRight: 2 }}
        data-testid="clock-list"
      >
        <Stack gap="xs">
          {started.map((c) => (
            <ClockRow
              key={c.rule_key}
              clock={c}
              elapsed={elapsed}
              onNotice={() =>
                setNotice({ clock: c.rule_key, recipient: c.recipient, escalationLevel: null })
              }
            />
          ))}
          {waiting
            .filter((w) => w.clocks.length > 0)
            .map((w) => (
              <Card key={w.trigger} withBorder padding="xs" data-testid="clocks-waiting">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}>
                      {w.clocks.length} {w.clocks.length === 1 ? "clock starts" : "clocks start"} at{" "}
                      {triggerLabel(w.trigger).toLowerCase()}
                    </Text>
                    {w.clocks.map((c) => (
                      <Text
                        key={c.rule_key}
                        size="xs"
                        c="dimmed"
                        data-testid="clock"
                        data-rule={c.rule_key}
                        data-status={c.status}
                      >
                        {c.name} · {c.window}
                      </Text>
                    ))}
                  </Stack>
                  {button(w.trigger, true)}
                </Group>
              </Card>
            ))}
        </Stack>
      </div>
      <Group gap="xs" wrap="wrap">
        {RECORDABLE.filter((t) => !waiting.some((w) => w.trigger === t && w.clocks.length)).map(
          (t) => {
            const r = recorded(t);
            return r ? (
              <Text key={t} size="xs" c="dimmed">
                {triggerLabel(t)} recorded {when(r.at)}
              </Text>
            ) : (
              button(t, false)
            );
          },
        )}
      </Group>
      {trigger.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(trigger.error)}
        </Text>
      )}
      {view.escalations.length > 0 && <Escalations view={view} onNotice={(p) => setNotice(p)} />}
      <NoticeModal view={view} preset={notice} onClose={() => setNotice(null)} />
    </Stack>
  );
}

type RowProps = { clock: NotificationClock; elapsed: number; onNotice: () => void };

function ClockRow({ clock: c, elapsed, onNotice }: RowProps) {
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
      padding="xs"
      data-testid="clock"
      data-rule={c.rule_key}
      data-status={status}
      style={{
        borderColor: status === "overdue" ? "var(--mantine-color-red-6)" : undefined,
        borderLeft: `4px solid var(--mantine-color-${colour}-6)`,
      }}
    >
      <Stack gap={2}>
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Badge
            size="sm"
            color={colour}
            variant={status === "overdue" ? "filled" : "light"}
            style={{ flex: "none" }}
            mt={2}
          >
            {CLOCK_STATUS[status]}
          </Badge>
          <Tooltip label={`${c.source.citation}. To ${c.recipient}.`} multiline maw={340}>
            <Text fw={600} size="sm" lineClamp={2} style={{ cursor: "help" }}>
              {c.name}
            </Text>
          </Tooltip>
        </Group>
        {sent ? (
          <Text size="sm" c={colour} data-testid="clock-countdown">
            Sent {whenShort(c.sent_at)}, {status === "sent_on_time" ? "on time" : "late"} (due{" "}
            {whenShort(c.deadline)})
          </Text>
        ) : (
          <Group justify="space-between" wrap="nowrap" gap="xs">
            <Text
              ff="monospace"
              fw={700}
              size="lg"
              style={{ whiteSpace: "nowrap" }}
              c={status === "overdue" ? "red" : status === "due_soon" ? "orange" : undefined}
              data-testid="clock-countdown"
            >
              {remaining === null
                ? "—"
                : remaining < 0
                  ? `${countdown(remaining)} overdue`
                  : `${countdown(remaining)} left`}
            </Text>
            <Button
              size="compact-sm"
              variant={status === "overdue" || status === "due_soon" ? "filled" : "light"}
              color={status === "overdue" ? "red" : undefined}
              leftSection={<IconBell size={14} />}
              onClick={onNotice}
              style={{ flex: "none" }}
              data-testid="record-notice-for-clock"
            >
              Record notice
            </Button>
          </Group>
        )}
        {!sent && (
          <Text size="xs" c="dimmed" truncate>
            due {whenShort(c.deadline)} · {c.window} from {triggerLabel(c.trigger).toLowerCase()} ·
            to {c.recipient}
          </Text>
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
  const open = view.escalations.filter((e) => ["due", "overdue", "pending"].includes(e.status));
  const done = view.escalations.filter((e) => e.status === "done").map((e) => e.level);
  const skipped = view.escalations.filter((e) => e.status === "not_required").map((e) => e.level);
  return (
    <Card withBorder padding="xs" data-testid="escalations">
      <Text fw={600} size="sm" mb={4}>
        Escalation
      </Text>
      <Stack gap={6}>
        {open.map((e) => (
          <Group
            key={e.level}
            gap="xs"
            wrap="nowrap"
            align="flex-start"
            data-testid="escalation"
            data-status={e.status}
          >
            <Text fw={700} size="sm" w={16} style={{ flex: "none" }}>
              {e.level}
            </Text>
            <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" truncate>
                {e.who}
              </Text>
              <Text size="xs" c="dimmed" truncate title={e.condition}>
                {e.condition}
                {e.due_at ? ` · due ${whenShort(e.due_at)}` : ""}
              </Text>
            </Stack>
            <Badge
              size="sm"
              color={ESCALATION_COLOUR[e.status]}
              variant={e.status === "overdue" ? "filled" : "light"}
              style={{ flex: "none" }}
              mt={2}
            >
              {ESCALATION_STATUS[e.status]}
            </Badge>
            <Anchor
              component="button"
              size="xs"
              style={{ flex: "none", whiteSpace: "nowrap" }}
              mt={2}
              onClick={() => onNotice({ clock: null, recipient: e.who, escalationLevel: e.level })}
              data-testid="escalation-told"
            >
              Mark told
            </Anchor>
          </Group>
        ))}
        {(done.length > 0 || skipped.length > 0) && (
          <Text size="xs" c="dimmed">
            {done.length > 0 ? `Done: level ${done.join(", ")}` : ""}
            {done.length > 0 && skipped.length > 0 ? " · " : ""}
            {skipped.length > 0 ? `not required: level ${skipped.join(", ")}` : ""}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
