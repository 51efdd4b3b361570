import { Alert, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { useOpenClient } from "../../app/navigation";
import { errorMessage } from "../../lib/errors";
import { useClientOverview } from "../../lib/queries/clients";
import { ReadinessScore } from "../../components/ReadinessScore";
import { formatDate } from "../../lib/dates";
import { PlanStatusBadge } from "../../components/PlanStatusBadge";
import { UserText } from "../../components/UserText";

/** Every client's plan at a glance; a row opens that client's Plan tab. */
export function PlansScreen() {
  const overview = useClientOverview("", false);
  const openClient = useOpenClient();
  const rows = overview.data ?? [];
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Plans
      </Title>
      {overview.isPending && <Loader size="sm" aria-label="Loading plans" />}
      {overview.isError && (
        <Alert color="red" title="The plans could not be listed">
          {errorMessage(overview.error)}
        </Alert>
      )}
      {overview.isSuccess && rows.length === 0 && (
        <Text c="dimmed" py="xl" ta="center">
          No clients yet: add a client under Clients, then start its plan from the template.
        </Text>
      )}
      {rows.length > 0 && (
        <Table highlightOnHover aria-label="Plans">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Plan</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Next review</Table.Th>
              <Table.Th>Readiness</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((o) => {
              const open = () =>
                openClient({
                  clientId: o.client.id,
                  tab: "plan",
                  newPlan: o.plan_status === null,
                });
              return (
                <Table.Tr
                  key={o.client.id}
                  data-testid="plan-row"
                  tabIndex={0}
                  style={{ cursor: "pointer" }}
                  onClick={open}
                  onKeyDown={(e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      open();
                    }
                  }}
                >
                  <Table.Td fw={500}>
                    <UserText>{o.client.name}</UserText>
                  </Table.Td>
                  <Table.Td>
                    <PlanStatusBadge
                      status={o.plan_status}
                      version={o.plan_version}
                      review={o.review}
                    />
                  </Table.Td>
                  <Table.Td>{o.plan_version === null ? "—" : `v${o.plan_version}`}</Table.Td>
                  <Table.Td>
                    {o.review.state === "overdue" ? (
                      <Text size="sm" c="red" fw={500}>
                        {formatDate(o.review.due)} ({o.review.days_overdue} days overdue)
                      </Text>
                    ) : o.review.state === "due" ? (
                      <Group gap={6}>
                        <Text size="sm">{formatDate(o.review.due)}</Text>
                        <Text size="xs" c="dimmed">
                          in {o.review.days_left} days
                        </Text>
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {o.plan_status === null ? "—" : "After approval"}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ReadinessScore score={o.readiness_score} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
