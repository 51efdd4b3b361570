import { Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PlanChangeStatus } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { exerciseKeys, usePlanChanges } from "./queries";

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
  return (
    <Card withBorder padding="md" mb="md" data-testid="plan-changes">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Changes from exercises
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Issue</Table.Th>
              <Table.Th>Corrective action</Table.Th>
              <Table.Th>Plan section</Table.Th>
              <Table.Th>Owner · due</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.data.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.issue}</Table.Td>
                <Table.Td>{c.corrective_action}</Table.Td>
                <Table.Td>{c.plan_section}</Table.Td>
                <Table.Td>
                  {c.owner}
                  {c.due ? ` · ${c.due}` : ""}
                </Table.Td>
                <Table.Td>{c.exercise_name}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {c.status === "done" && <Badge color="green">Done</Badge>}
                    <Button
                      size="xs"
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
            ))}
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
