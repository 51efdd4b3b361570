import {
  ActionIcon,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { ActionItem, ActionStatus, IncidentView, PostIncidentReview } from "../../bindings";
import { commands } from "../../lib/api";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

const TEXTS: { key: Exclude<keyof PostIncidentReview, "action_items">; label: string }[] = [
  { key: "root_cause", label: "Root cause" },
  { key: "contributing_factors", label: "Contributing factors" },
  { key: "what_worked", label: "What worked" },
  { key: "what_did_not", label: "What did not" },
  { key: "lessons_learned", label: "Lessons learned" },
];

const STATUSES: { value: ActionStatus; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "in_progress", label: "In progress" },
  { value: "done", label: "Done" },
];

/** The post-incident review; open action items show on the client's readiness panel. */
export function Review({
  view,
  focusItem,
}: {
  view: IncidentView;
  focusItem?: string | undefined;
}) {
  const [review, setReview] = useState<PostIncidentReview>(view.incident.review);
  const save = useIncidentChange((r: PostIncidentReview) =>
    commands.saveReview(view.incident.id, r),
  );
  const { fields, rest } = formErrors(save.error, "review.");
  const dirty = JSON.stringify(review) !== JSON.stringify(view.incident.review);
  const setItem = (i: number, patch: Partial<ActionItem>) =>
    setReview((r) => ({
      ...r,
      action_items: r.action_items.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(review, { onSuccess: (v) => setReview(v.incident.review) });
      }}
      data-testid="review"
    >
      <Stack gap="sm">
        {TEXTS.map((t) => (
          <Textarea
            key={t.key}
            label={t.label}
            autosize
            minRows={2}
            value={review[t.key]}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setReview((r) => ({ ...r, [t.key]: value }));
            }}
            error={fields[t.key]}
            data-testid={`review-${t.key}`}
          />
        ))}
        <Text fw={600} size="sm">
          Action items
        </Text>
        {review.action_items.map((a, i) => (
          <Paper
            key={a.id || `new-${i}`}
            withBorder
            p="xs"
            data-testid="action-item"
            style={{
              outline:
                focusItem && a.id === focusItem
                  ? "2px solid var(--mantine-primary-color-filled)"
                  : undefined,
            }}
          >
            <Stack gap={6}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <TextInput
                  size="xs"
                  aria-label="What must change"
                  placeholder="What must change"
                  value={a.title}
                  onChange={(e) => setItem(i, { title: e.currentTarget.value })}
                  error={fields[`action_items.${i}.title`]}
                  style={{ flex: 1 }}
                  data-testid="action-title"
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label="Remove the action item"
                  onClick={() =>
                    setReview((r) => ({
                      ...r,
                      action_items: r.action_items.filter((_, j) => j !== i),
                    }))
                  }
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
              <Group gap="xs" grow align="flex-start">
                <TextInput
                  size="xs"
                  aria-label="Owner"
                  placeholder="Owner"
                  value={a.owner}
                  onChange={(e) => setItem(i, { owner: e.currentTarget.value })}
                  error={fields[`action_items.${i}.owner`]}
                  data-testid="action-owner"
                />
                <TextInput
                  size="xs"
                  type="date"
                  aria-label="Due"
                  value={a.due ?? ""}
                  onChange={(e) => setItem(i, { due: e.currentTarget.value || null })}
                  error={fields[`action_items.${i}.due`]}
                  data-testid="action-due"
                />
                <Select
                  size="xs"
                  aria-label="Status"
                  data={STATUSES}
                  value={a.status}
                  allowDeselect={false}
                  onChange={(v) => v && setItem(i, { status: v as ActionStatus })}
                />
              </Group>
            </Stack>
          </Paper>
        ))}
        <FormError message={rest()} />
        <Group justify="space-between">
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              setReview((r) => ({
                ...r,
                action_items: [
                  ...r.action_items,
                  { id: "", title: "", owner: "", due: inDays(30), status: "open" },
                ],
              }))
            }
            data-testid="add-action-item"
          >
            Add action item
          </Button>
          {save.isSuccess && !dirty && (
            <Text size="sm" c="dimmed" ml="auto" data-testid="review-saved">
              Saved
            </Text>
          )}
          <Button
            type="submit"
            size="xs"
            disabled={!dirty}
            loading={save.isPending}
            data-testid="save-review"
          >
            Save review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A date `days` from today as YYYY-MM-DD: new action items start due in a month. */
function inDays(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
