import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  CloseButton,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCornerDownLeft, IconDownload, IconPencil, IconShieldCheck } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import type {
  ChainReport,
  EntryDraft,
  EntryKind,
  IncidentView,
  TimelineEntry,
} from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { slug } from "../../lib/dialogs";
import { errorMessage } from "../../lib/errors";
import { ENTRY_KINDS, fromLocalInput, kindLabel, nowLocalInput, when } from "./format";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";
import { UserText } from "../../components/UserText";

type Props = { view: IncidentView; focusEntryId?: string | undefined };

/** The timeline: a quick-add box that keeps focus, then the entries, newest first. */
export function Timeline({ view, focusEntryId }: Props) {
  const [correcting, setCorrecting] = useState<TimelineEntry | null>(null);
  // Newest first by when it happened (a back-dated entry takes its place in the story); the
  // chain order is the #number on each entry.
  const entries = [...view.timeline].sort(
    (a, b) => b.occurred_at.localeCompare(a.occurred_at) || b.seq - a.seq,
  );
  const bySeq = new Map(view.timeline.map((e) => [e.id, e.seq]));

  useEffect(() => {
    if (!focusEntryId) return;
    document
      .querySelector(`[data-entry-id="${CSS.escape(focusEntryId)}"]`)
      ?.scrollIntoView({ block: "center" });
  }, [focusEntryId]);

  return (
    <Stack gap="sm" data-testid="timeline">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Title order={2} size="h4">
            Timeline
          </Title>
          <ChainBadge chain={view.chain} />
        </Group>
        <ExportTimeline view={view} />
      </Group>
      {!view.chain.intact && view.chain.broken_at && (
        <Alert color="red" title={`The timeline is broken at entry ${view.chain.broken_at.seq}`}>
          {view.chain.broken_at.reason}. Entries from there on cannot be trusted as recorded; export
          the timeline and tell whoever keeps this workspace.
        </Alert>
      )}
      <QuickAdd view={view} correcting={correcting} onCorrected={() => setCorrecting(null)} />
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing recorded yet. Type what you see or do above and press Enter; the time is now
          unless you set it.
        </Text>
      )}
      {entries.map((e) => (
        <Entry
          key={e.id}
          entry={e}
          correctsSeq={e.corrects ? bySeq.get(e.corrects) : undefined}
          highlighted={e.id === focusEntryId}
          onCorrect={() => setCorrecting(e)}
        />
      ))}
    </Stack>
  );
}

export function ChainBadge({ chain }: { chain: ChainReport }) {
  if (chain.intact) {
    return (
      <Tooltip label="Every entry still matches its hash and points back to the one before it.">
        <Badge
          color="teal"
          variant="light"
          leftSection={<IconShieldCheck size={12} />}
          tt="none"
          data-testid="chain-status"
          data-intact="true"
        >
          Timeline intact · {chain.entries} {chain.entries === 1 ? "entry" : "entries"}
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label={chain.broken_at?.reason ?? "The chain does not verify."} multiline maw={360}>
      <Badge color="red" variant="filled" tt="none" data-testid="chain-status" data-intact="false">
        Broken at entry {chain.broken_at?.seq ?? "?"}
      </Badge>
    </Tooltip>
  );
}

function QuickAdd({
  view,
  correcting,
  onCorrected,
}: {
  view: IncidentView;
  correcting: TimelineEntry | null;
  onCorrected: () => void;
}) {
  const id = view.incident.id;
  const textRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [kind, setKind] = useState<EntryKind>("observation");
  const [at, setAt] = useState("");
  const [showTime, setShowTime] = useState(false);
  const [visible, setVisible] = useState(false);
  const [technique, setTechnique] = useState("");
  const add = useIncidentChange((draft: EntryDraft) => commands.addTimelineEntry(id, draft));
  const { fields, rest } = formErrors(add.error);

  useEffect(() => {
    if (correcting) textRef.current?.focus();
  }, [correcting]);

  const submit = () => {
    if (!text.trim() || add.isPending) return;
    add.mutate(
      {
        kind,
        text,
        occurred_at: fromLocalInput(at),
        client_visible: visible,
        technique: technique.trim() || null,
        corrects: correcting?.id ?? null,
      },
      {
        onSuccess: () => {
          setText("");
          setAt("");
          setShowTime(false);
          setTechnique("");
          // Each entry is shared with the client by choice: the next one, perhaps an internal
          // note, starts unticked again.
          setVisible(false);
          onCorrected();
        },
        // Focus stays in the box whatever happened, so the next line can be typed at once.
        onSettled: () => textRef.current?.focus(),
      },
    );
  };

  return (
    <Paper withBorder p="sm" data-testid="quick-add-box">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="xs">
          {correcting && (
            <Group gap="xs">
              <Badge variant="light" color="gray" tt="none">
                Correcting entry {correcting.seq}
              </Badge>
              <CloseButton size="sm" aria-label="Stop correcting" onClick={onCorrected} />
            </Group>
          )}
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Select
              aria-label="Kind"
              data={ENTRY_KINDS}
              value={kind}
              onChange={(v) => v && setKind(v as EntryKind)}
              allowDeselect={false}
              w={150}
              data-testid="quick-add-kind"
            />
            <TextInput
              ref={textRef}
              aria-label="What happened"
              placeholder="What happened? Enter adds it"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={fields.text}
              style={{ flex: 1 }}
              autoFocus
              data-testid="quick-add"
            />
            <ActionIcon
              type="submit"
              size="lg"
              variant="filled"
              loading={add.isPending}
              aria-label="Add to the timeline"
              data-testid="quick-add-submit"
            >
              <IconCornerDownLeft size={16} />
            </ActionIcon>
          </Group>
          <Group gap="md" wrap="wrap">
            {showTime ? (
              <Group gap={4} wrap="nowrap">
                <TextInput
                  size="xs"
                  type="datetime-local"
                  aria-label="When it happened"
                  value={at}
                  onChange={(e) => setAt(e.currentTarget.value)}
                  error={fields.occurred_at}
                  autoFocus
                  data-testid="quick-add-time"
                />
                <CloseButton
                  size="sm"
                  aria-label="Use the time of adding"
                  onClick={() => {
                    setAt("");
                    setShowTime(false);
                    textRef.current?.focus();
                  }}
                />
              </Group>
            ) : (
              <Anchor
                component="button"
                type="button"
                size="xs"
                onClick={() => {
                  setAt(nowLocalInput());
                  setShowTime(true);
                }}
                data-testid="quick-add-set-time"
              >
                Time: now (set another)
              </Anchor>
            )}
            <Checkbox
              size="xs"
              label="Client-visible"
              checked={visible}
              onChange={(e) => setVisible(e.currentTarget.checked)}
              data-testid="quick-add-visible"
            />
            <TextInput
              size="xs"
              placeholder="ATT&CK id, e.g. T1486"
              aria-label="ATT&CK technique"
              value={technique}
              onChange={(e) => setTechnique(e.currentTarget.value)}
              error={fields.technique}
              w={180}
              data-testid="quick-add-technique"
            />
          </Group>
          <FormError message={rest()} />
        </Stack>
      </form>
    </Paper>
  );
}

function Entry({
  entry: e,
  correctsSeq,
  highlighted,
  onCorrect,
}: {
  entry: TimelineEntry;
  correctsSeq: number | undefined;
  highlighted: boolean;
  onCorrect: () => void;
}) {
  return (
    <Card
      withBorder
      padding="xs"
      data-testid="timeline-entry"
      data-entry-id={e.id}
      data-seq={e.seq}
      style={{
        borderColor: highlighted ? "var(--mantine-primary-color-filled)" : undefined,
        borderWidth: highlighted ? 2 : undefined,
      }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="wrap">
            <Text size="sm" fw={700} ff="monospace">
              {when(e.occurred_at)}
            </Text>
            <Badge size="sm" variant={e.kind === "status" ? "outline" : "light"} color="gray">
              {kindLabel(e.kind)}
            </Badge>
            {e.client_visible && (
              <Badge size="sm" variant="light" color="gray" tt="none">
                client-visible
              </Badge>
            )}
            {e.technique && (
              <Badge size="sm" variant="outline" color="gray" tt="none">
                {e.technique}
              </Badge>
            )}
            {correctsSeq !== undefined && (
              <Anchor
                size="xs"
                component="button"
                onClick={() =>
                  document
                    .querySelector(`[data-seq="${correctsSeq}"]`)
                    ?.scrollIntoView({ block: "center" })
                }
              >
                corrects entry {correctsSeq}
              </Anchor>
            )}
          </Group>
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            <UserText>{e.text}</UserText>
          </Text>
          <Text size="xs" c="dimmed">
            #{e.seq} · recorded {when(e.recorded_at)} by <UserText>{e.author}</UserText>
          </Text>
        </Stack>
        {e.kind !== "status" && (
          <Tooltip label="Add a correction (entries are never edited)">
            <ActionIcon variant="subtle" color="gray" onClick={onCorrect} aria-label="Correct">
              <IconPencil size={14} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Card>
  );
}

function ExportTimeline({ view }: { view: IncidentView }) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const saved = await unwrap(
        commands.exportTimelineCsv(
          view.incident.id,
          `${slug(view.incident.title) || "incident"}-timeline.csv`,
        ),
      );
      if (saved) notifications.show({ color: "teal", message: `Timeline saved to ${saved.path}` });
    } catch (e) {
      notifications.show({ color: "red", title: "The export failed", message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="xs"
      variant="default"
      leftSection={<IconDownload size={14} />}
      loading={busy}
      onClick={() => void run()}
      data-testid="export-timeline"
    >
      Export CSV
    </Button>
  );
}
