import { Badge, Group, Pagination, Table, Text } from "@mantine/core";
import type { IncidentPage } from "../../bindings";
import { useOpenIncident } from "../../app/navigation";
import { phaseLabel, severityColour, typeLabel, when } from "./format";
import { PAGE_SIZE } from "../../lib/queries/incidents";
import { UserText } from "../../components/UserText";

type Props = {
  page: IncidentPage;
  pageIndex: number;
  onPage: (p: number) => void;
  showClient: boolean;
};

/** Incidents, newest detection first; a row opens the incident (Enter on a focused row too). */
export function IncidentsTable({ page, pageIndex, onPage, showClient }: Props) {
  const open = useOpenIncident();
  const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  return (
    <>
      <Table highlightOnHover verticalSpacing="xs" data-testid="incidents-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>Severity</Table.Th>
            <Table.Th>Incident</Table.Th>
            {showClient && <Table.Th>Client</Table.Th>}
            <Table.Th w={120}>Phase</Table.Th>
            <Table.Th w={150}>Detected</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.items.map((i) => (
            <Table.Tr
              key={i.id}
              tabIndex={0}
              style={{ cursor: "pointer" }}
              onClick={() => open({ incidentId: i.id })}
              onKeyDown={(e) => {
                if (e.key === "Enter") open({ incidentId: i.id });
              }}
              data-testid="incident-row"
              data-id={i.id}
            >
              <Table.Td>
                <Badge color={severityColour(i.severity_rank)} variant="filled">
                  {i.severity ?? "—"}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  <UserText>{i.title}</UserText>
                </Text>
                <Text size="xs" c="dimmed">
                  {typeLabel(i.incident_type)}
                </Text>
              </Table.Td>
              {showClient && (
                <Table.Td>
                  <UserText>{i.client_name}</UserText>
                </Table.Td>
              )}
              <Table.Td>
                <Badge variant={i.phase === "closed" ? "outline" : "light"} color="gray">
                  {phaseLabel(i.phase)}
                </Badge>
              </Table.Td>
              <Table.Td>{when(i.detected_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="incidents-total">
          {page.total} {page.total === 1 ? "incident" : "incidents"}
        </Text>
        {pages > 1 && (
          <Pagination total={pages} value={pageIndex + 1} onChange={(p) => onPage(p - 1)} />
        )}
      </Group>
    </>
  );
}
