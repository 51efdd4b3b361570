import {
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFileUpload } from "@tabler/icons-react";
import { useState } from "react";
import type {
  CustodyTransferInput,
  EvidenceInput,
  EvidenceView,
  IncidentView,
  PickedFile,
} from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { chooseFile } from "../../lib/dialogs";
import { errorMessage } from "../../lib/errors";
import { fromLocalInput, nowLocalInput, when } from "./format";
import { useIncidentChange, useIncidentSettings } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

/** Evidence with its SHA-256 and chain of custody. */
export function Evidence({ view }: { view: IncidentView }) {
  const [adding, setAdding] = useState(false);
  const [transfer, setTransfer] = useState<EvidenceView | null>(null);
  return (
    <Stack gap="sm" data-testid="evidence">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Files are hashed when added; keep the file itself or only its hash.
        </Text>
        <Button
          size="xs"
          leftSection={<IconFileUpload size={14} />}
          onClick={() => setAdding(true)}
          data-testid="add-evidence"
        >
          Add evidence
        </Button>
      </Group>
      {view.evidence.length === 0 && (
        <Text size="sm" c="dimmed">
          No evidence yet. Add logs, ransom notes, memory images as you collect them.
        </Text>
      )}
      {view.evidence.map((ev) => (
        <EvidenceCard key={ev.evidence.id} item={ev} onTransfer={() => setTransfer(ev)} />
      ))}
      <Modal opened={adding} onClose={() => setAdding(false)} title="Add evidence" size="lg">
        {adding && <AddEvidenceForm view={view} onDone={() => setAdding(false)} />}
      </Modal>
      <Modal opened={transfer !== null} onClose={() => setTransfer(null)} title="Transfer custody">
        {transfer && <TransferForm item={transfer} onDone={() => setTransfer(null)} />}
      </Modal>
    </Stack>
  );
}

function EvidenceCard({ item, onTransfer }: { item: EvidenceView; onTransfer: () => void }) {
  const e = item.evidence;
  const exportFile = async () => {
    try {
      const saved = await unwrap(commands.exportEvidence(e.id, e.file_name));
      if (!saved) return;
      notifications.show({
        color: "teal",
        message: `Saved to ${saved.path}; SHA-256 ${e.sha256} checked.`,
      });
    } catch (err) {
      notifications.show({ color: "red", title: "The export failed", message: errorMessage(err) });
    }
  };
  return (
    <Card withBorder padding="xs" data-testid="evidence-item">
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {e.title}
          </Text>
          <Badge variant="light" color="gray" tt="none">
            {e.content_stored ? "file kept" : "hash only"}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {e.file_name} · {formatBytes(e.size_bytes ?? 0)} · from {e.source || "—"} · collected{" "}
          {when(e.collected_at)} by {e.collected_by}
        </Text>
        <Group gap={6} wrap="nowrap">
          <Text size="xs">SHA-256</Text>
          <CopyButton value={e.sha256}>
            {({ copied, copy }) => (
              <Code
                onClick={copy}
                style={{ cursor: "copy", overflowWrap: "anywhere" }}
                title={copied ? "Copied" : "Click to copy"}
                data-testid="evidence-sha"
              >
                {e.sha256}
              </Code>
            )}
          </CopyButton>
        </Group>
        <Text size="xs">
          Held by <b>{item.holder}</b>
          {item.custody.map((t, i) => (
            <Text span key={i} size="xs" c="dimmed">
              {" "}
              · {when(t.at)} {t.from} → {t.to} ({t.reason})
            </Text>
          ))}
        </Text>
        <Group gap="md">
          <Anchor component="button" size="xs" onClick={onTransfer}>
            Transfer custody
          </Anchor>
          {e.content_stored && (
            <Anchor component="button" size="xs" onClick={() => void exportFile()}>
              Save a copy…
            </Anchor>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

function AddEvidenceForm({ view, onDone }: { view: IncidentView; onDone: () => void }) {
  const author = useIncidentSettings().data?.author_name ?? "";
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [keep, setKeep] = useState("content");
  const [form, setForm] = useState({
    title: "",
    source: "",
    collected_by: "",
    collectedAt: nowLocalInput(),
    notes: "",
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const add = useIncidentChange((a: { input: EvidenceInput; pick: string; keep: boolean }) =>
    commands.addEvidence(view.incident.id, a.input, a.pick, a.keep),
  );
  const [browseError, setBrowseError] = useState<unknown>(null);
  const { fields, rest } = formErrors(add.error ?? browseError);
  const browse = async () => {
    setBrowseError(null);
    try {
      const chosen = await chooseFile("Choose the evidence file");
      if (chosen) {
        setPicked(chosen);
        if (!form.title) set({ title: chosen.name });
      }
    } catch (err) {
      setBrowseError(err);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          {
            input: {
              title: form.title,
              source: form.source,
              collected_by: form.collected_by || author,
              collected_at: fromLocalInput(form.collectedAt) ?? new Date().toISOString(),
              notes: form.notes,
            },
            pick: picked?.pick ?? "",
            keep: keep === "content",
          },
          { onSuccess: onDone },
        );
      }}
    >
      <Stack gap="sm">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label="File"
            placeholder="Choose a file"
            value={picked ? `${picked.name} · ${formatBytes(picked.size_bytes ?? 0)}` : ""}
            readOnly
            onClick={() => void browse()}
            error={fields.file ?? fields.sha256}
            style={{ flex: 1 }}
            data-testid="evidence-file"
          />
          <Button variant="default" onClick={() => void browse()} data-testid="evidence-browse">
            Browse…
          </Button>
        </Group>
        <SegmentedControl
          value={keep}
          onChange={setKeep}
          data={[
            { value: "content", label: "Keep the file (encrypted, up to 64 MiB)" },
            { value: "hash", label: "Hash only (disk images)" },
          ]}
        />
        <TextInput
          label="Title"
          required
          value={form.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={fields.title}
          data-testid="evidence-title"
        />
        <Group grow align="flex-start">
          <TextInput
            label="Source"
            placeholder="Host, mailbox, system"
            value={form.source}
            onChange={(e) => set({ source: e.currentTarget.value })}
            error={fields.source}
          />
          <TextInput
            label="Collected by"
            placeholder={author}
            value={form.collected_by}
            onChange={(e) => set({ collected_by: e.currentTarget.value })}
            error={fields.collected_by}
          />
          <TextInput
            label="Collected at"
            type="datetime-local"
            value={form.collectedAt}
            onChange={(e) => set({ collectedAt: e.currentTarget.value })}
            error={fields.collected_at}
          />
        </Group>
        <Textarea
          label="Notes"
          autosize
          minRows={2}
          value={form.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
        />
        <FormError message={rest()} />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={add.isPending}
            disabled={!picked}
            data-testid="evidence-submit"
          >
            Hash and add
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function TransferForm({ item, onDone }: { item: EvidenceView; onDone: () => void }) {
  const [form, setForm] = useState({ to: "", at: nowLocalInput(), reason: "" });
  const change = useIncidentChange((input: CustodyTransferInput) =>
    commands.transferCustody(item.evidence.id, input),
  );
  const { fields, rest } = formErrors(change.error);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(
          {
            from: item.holder,
            to: form.to,
            at: fromLocalInput(form.at) ?? new Date().toISOString(),
            reason: form.reason,
          },
          { onSuccess: onDone },
        );
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          From <b>{item.holder}</b> (who holds it now)
        </Text>
        <TextInput
          label="To"
          required
          value={form.to}
          onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
          error={fields.to ?? fields.from}
          data-autofocus
        />
        <TextInput
          label="At"
          type="datetime-local"
          value={form.at}
          onChange={(e) => setForm({ ...form, at: e.currentTarget.value })}
          error={fields.at}
        />
        <TextInput
          label="Reason"
          required
          value={form.reason}
          onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          error={fields.reason}
        />
        <FormError message={rest()} />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            Record transfer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
