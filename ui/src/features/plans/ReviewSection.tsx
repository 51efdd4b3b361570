import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import type { Plan } from "../../bindings";
import { CommandError, errorMessage, fieldErrorMap } from "../../lib/errors";
import { formatDate } from "../../lib/dates";
import { usePlanList, useRecordReview } from "../../lib/queries/plans";
import type { Errors } from "./ListEditor";

type Props = {
  plan: Plan;
  months: number;
  onMonths: (m: number) => void;
  errors: Errors;
  onRecorded: (p: Plan) => void;
};

/** When the plan is next due for review, the review log, and recording a review. */
export function ReviewSection({ plan, months, onMonths, errors, onRecorded }: Props) {
  const [reviewer, setReviewer] = useState("");
  const [summary, setSummary] = useState("");
  const record = useRecordReview();
  const fields = record.error ? fieldErrorMap(CommandError.from(record.error).fields) : {};
  // The review clock runs on the approved version (the backend's date); a draft shows its.
  const approved = usePlanList(plan.client_id).data?.find((p) => p.status === "approved");
  const dueText =
    plan.status === "approved" ? nextDue(plan, months)?.toISOString() : approved?.next_review_due;
  const due = dueText ? new Date(dueText) : null;
  const [now] = useState(() => Date.now());
  const overdue = due !== null && due.getTime() < now;

  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h4">
          Review
        </Title>
        <Text size="sm" c="dimmed">
          Review the plan at least this often, and whenever people, systems or suppliers change.
        </Text>
      </div>
      <Group align="flex-end" gap="lg">
        <NumberInput
          label="Review every (months)"
          value={months}
          min={1}
          max={36}
          allowDecimal={false}
          onChange={(m) => onMonths(Number(m) || 0)}
          error={errors.review_interval_months}
          w={200}
        />
        <div data-testid="review-due">
          <Text size="sm" c="dimmed">
            Next review
          </Text>
          {due === null ? (
            <Text size="sm">Scheduled once the plan is approved</Text>
          ) : overdue ? (
            <Badge color="red" variant="light" size="lg" style={{ textTransform: "none" }}>
              Overdue since {formatDate(due.toISOString())}
            </Badge>
          ) : (
            <Text size="sm" fw={500}>
              Due {formatDate(due.toISOString())}
              {plan.status !== "approved" && approved && (
                <Text span size="xs" c="dimmed" fw={400}>
                  {" "}
                  (for approved v{approved.version})
                </Text>
              )}
            </Text>
          )}
        </div>
      </Group>

      <Card withBorder padding="sm">
        <Text size="sm" fw={600} mb={4}>
          Record a review
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            record.mutate(
              { id: plan.id, reviewer, summary },
              {
                onSuccess: (p) => {
                  setReviewer("");
                  setSummary("");
                  onRecorded(p);
                },
              },
            );
          }}
        >
          <Group align="flex-start" wrap="nowrap">
            <TextInput
              label="Reviewed by"
              value={reviewer}
              onChange={(e) => setReviewer(e.currentTarget.value)}
              error={fields.reviewer}
              w={220}
            />
            <TextInput
              label="What changed"
              placeholder="“No changes”, or what you changed and why"
              value={summary}
              onChange={(e) => setSummary(e.currentTarget.value)}
              error={fields.summary}
              style={{ flex: 1 }}
            />
            <Button type="submit" mt={25} loading={record.isPending} data-testid="record-review">
              Record review
            </Button>
          </Group>
          {record.isError && !fields.reviewer && !fields.summary && (
            <Alert color="red" mt="xs">
              {errorMessage(record.error)}
            </Alert>
          )}
        </form>
      </Card>

      <div>
        <Text size="sm" fw={600} mb={4}>
          Review log
        </Text>
        {plan.reviews.length === 0 ? (
          <Text size="sm" c="dimmed">
            No reviews recorded yet.
          </Text>
        ) : (
          <Table data-testid="review-log">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Version</Table.Th>
                <Table.Th>What changed</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...plan.reviews].reverse().map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{formatDate(r.at)}</Table.Td>
                  <Table.Td>{r.by}</Table.Td>
                  <Table.Td>v{r.version}</Table.Td>
                  <Table.Td>{r.summary || "No changes"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
    </Stack>
  );
}

/** Approval or the last review, whichever is later, plus the interval. */
function nextDue(plan: Plan, months: number): Date | null {
  if (plan.status !== "approved") return null;
  const last = [plan.approval?.at, ...plan.reviews.map((r) => r.at)]
    .filter((x): x is string => Boolean(x))
    .sort()
    .at(-1);
  if (!last) return null;
  const d = new Date(last);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
