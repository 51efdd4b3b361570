import { Badge, Box, ColorSwatch, Group, Table, Text } from "@mantine/core";
import type { ClientOverview } from "../../bindings";
import { formatDate } from "../../lib/dates";
import { PlanStatusBadge } from "../../components/PlanStatusBadge";
import { ReadinessScore } from "../../components/ReadinessScore";
import { SECTOR_LABELS } from "../../lib/clientOptions";
import { UserText } from "../../components/UserText";

type Props = { clients: ClientOverview[]; onOpen: (id: string) => void };

export function ClientsTable({ clients, onOpen }: Props) {
  return (
    <Table highlightOnHover stickyHeader aria-label="Clients">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Readiness</Table.Th>
          <Table.Th>Plan</Table.Th>
          <Table.Th>Sectors</Table.Th>
          <Table.Th>Jurisdictions</Table.Th>
          <Table.Th>Primary contact</Table.Th>
          <Table.Th>Updated</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {clients.map(({ client: c, ...o }) => (
          <Table.Tr
            key={c.id}
            data-testid="client-row"
            tabIndex={0}
            style={{ cursor: "pointer", opacity: c.archived_at ? 0.65 : undefined }}
            onClick={() => onOpen(c.id)}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                onOpen(c.id);
              }
            }}
          >
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                {/* The client's own brand colour, as its reports will show it. */}
                {c.accent_colour ? (
                  <ColorSwatch
                    color={c.accent_colour}
                    size={10}
                    withShadow={false}
                    style={{ flex: "none" }}
                    aria-hidden
                  />
                ) : (
                  <Box w={10} style={{ flex: "none" }} aria-hidden />
                )}
                <Text size="sm" fw={500}>
                  <UserText>{c.name}</UserText>
                </Text>
                {c.archived_at && (
                  <Badge size="xs" color="gray" variant="light">
                    Archived
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>
              <ReadinessScore score={o.readiness_score} />
            </Table.Td>
            <Table.Td>
              <PlanStatusBadge status={o.plan_status} version={o.plan_version} review={o.review} />
            </Table.Td>
            <Table.Td>{c.sectors.map((s) => SECTOR_LABELS[s]).join(", ") || "—"}</Table.Td>
            <Table.Td>{c.jurisdictions.join(", ") || "—"}</Table.Td>
            <Table.Td>
              {c.primary_contact ?? "—"}
              {c.contact_count > 1 && (
                <Text span size="xs" c="dimmed">
                  {" "}
                  +{c.contact_count - 1}
                </Text>
              )}
            </Table.Td>
            <Table.Td style={{ whiteSpace: "nowrap" }}>
              <time dateTime={c.updated_at}>{formatDate(c.updated_at)}</time>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
