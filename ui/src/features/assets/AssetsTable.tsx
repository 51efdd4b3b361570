import { Badge, Group, Table, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { Asset } from "../../bindings";
import { scoreColour } from "./AssetForm";
import {
  CRITICALITY_COLOURS,
  CRITICALITY_LABELS,
  DATA_CLASS_LABELS,
  formatMinutes,
  IMPACT_LABELS,
  KIND_LABELS,
  LIKELIHOOD_LABELS,
} from "./options";
import { UserText } from "../../components/UserText";

type Props = { assets: Asset[]; onOpen: (id: string) => void };

/** A badge never shrinks to "2." in a narrow window: its cell grows instead. */
const WHOLE = { label: { overflow: "visible", textOverflow: "clip" } } as const;

/** The client's assets in the order the backend gives (criticality 1 first, then risk). */
export function AssetsTable({ assets, onOpen }: Props) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        stickyHeader
        styles={{ th: { whiteSpace: "nowrap" } }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Criticality</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th>Data</Table.Th>
            <Table.Th>RTO / RPO</Table.Th>
            <Table.Th>Risk</Table.Th>
            <Table.Th>Open vulns</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {assets.map((a) => (
            <AssetRow key={a.id} asset={a} onOpen={onOpen} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AssetRow({ asset: a, onOpen }: { asset: Asset; onOpen: (id: string) => void }) {
  const open = a.vulnerabilities.filter((v) => v.status === "open");
  const worst = open.some((v) => v.severity === "critical" || v.severity === "high");
  return (
    <Table.Tr
      data-testid="asset-row"
      onClick={() => onOpen(a.id)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onOpen(a.id);
      }}
      tabIndex={0}
      style={{ cursor: "pointer" }}
    >
      <Table.Td>
        <Text size="sm" fw={500}>
          <UserText>{a.name}</UserText>
        </Text>
        {a.location && (
          <Text size="xs" c="dimmed">
            {a.location}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{KIND_LABELS[a.kind]}</Text>
      </Table.Td>
      <Table.Td>
        <Badge
          styles={WHOLE}
          color={CRITICALITY_COLOURS[a.criticality] ?? "gray"}
          variant="light"
          data-testid="asset-criticality"
        >
          {a.criticality} · {CRITICALITY_LABELS[a.criticality] ?? "?"}
        </Badge>
      </Table.Td>
      <Table.Td>
        {a.owner ? (
          <Text size="sm">
            <UserText>{a.owner}</UserText>
          </Text>
        ) : a.criticality === 1 ? (
          <Tooltip label="A criticality 1 asset needs someone at the client who answers for it">
            <Badge
              styles={WHOLE}
              color="red"
              variant="outline"
              leftSection={<IconAlertTriangle size={12} />}
              data-testid="no-owner"
            >
              No owner
            </Badge>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {a.data_classes.map((d) => (
            <Badge key={d} size="xs" variant="default" styles={WHOLE}>
              {DATA_CLASS_LABELS[d]}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatMinutes(a.rto_minutes)} / {formatMinutes(a.rpo_minutes)}
        </Text>
      </Table.Td>
      <Table.Td>
        {a.risk ? (
          <Tooltip
            multiline
            w={260}
            label={`Likelihood ${a.risk.likelihood} (${LIKELIHOOD_LABELS[a.risk.likelihood] ?? "?"}) × impact ${a.risk.impact} (${IMPACT_LABELS[a.risk.impact] ?? "?"})`}
          >
            <Badge
              color={scoreColour(a.risk.score)}
              variant="light"
              styles={WHOLE}
              data-testid="asset-risk"
            >
              {a.risk.score}
            </Badge>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {open.length > 0 ? (
          <Badge color={worst ? "red" : "yellow"} variant="light" styles={WHOLE}>
            {open.length}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            0
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
