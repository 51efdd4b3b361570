import { Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PlanChangeStatus } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { sectionLabel } from "./format";
import { exerciseKeys } from "../../lib/queryKeys";
import { usePlanChanges } from "../../lib/queries/exercises";

/** Changes the client's plan owes from exercise findings, open ones first. Shown on the
 * plan tab so whoever edits the plan sees what the last exercise asked of it; nothing shows
 * while there are none. */
export function PlanChanges({ clientId }: { clientId: string }) {
  const items = usePlanChanges(clientId);
  const queries = useQueryClient();
  const status = useMutation({
    mutationFn: ({ id, to }: { id: string; to: PlanChangeStatus }) =>
      unwrap(commands.setPlanChangeStatus(id, to)),
    onSuccess: () => queries.invalidateQueries({ queryKey: exerciseKeys.changes(clientId) }),
  });
  if (!items.data || items.data.length === 0) return null;
  // Dates are YYYY-MM-DD, so text order is date order; "late" is by this machine's day.
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card withBorder padding="md" mb="md" data-testid="plan-changes">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Changes from exercises
        </Title>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={230}>Issue</Table.Th>
              <Table.Th>Corrective action</Table.Th>
              <Table.Th w={110}>Plan section</Table.Th>
              <Table.Th w={170}>Owner and due date</Table.Th>
              <Table.Th w={190}>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.data.map((c) => {
              const overdue = c.status === "open" && c.due !== null && c.due < today;
              return (
                <Table.Tr key={c.id} data-testid="plan-change">
                  <Table.Td>
                    <Text size="sm">{c.issue}</Text>
                    <Text size="xs" c="dimmed">
                      From {c.exercise_name}
                    </Text>
                  </Table.Td>
                  <Table.Td>{c.corrective_action}</Table.Td>
                  <Table.Td>{sectionLabel(c.plan_section)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.owner}</Text>
                    <Group gap={6} wrap="nowrap">
                      <Text size="xs" c={overdue ? "red" : "dimmed"}>
                        {c.due ?? "No date"}
                      </Text>
                      {overdue && (
                        <Badge color="red" variant="light" size="xs">
                          Overdue
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Badge color={c.status === "done" ? "green" : "gray"} variant="light">
                        {c.status === "done" ? "Done" : "Open"}
                      </Badge>
                      <Button
                        size="compact-xs"
                        variant="default"
                        onClick={() =>
                          status.mutate({ id: c.id, to: c.status === "open" ? "done" : "open" })
                        }
                      >
                        {c.status === "open" ? "Mark done" : "Reopen"}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {status.error && (
          <Text c="red" size="sm">
            {errorMessage(status.error)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
