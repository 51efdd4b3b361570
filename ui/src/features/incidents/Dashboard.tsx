import { Badge, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import type { IncidentMetrics } from "../../bindings";
import { duration, severityColour } from "./format";
import { useIncidentDashboard } from "../../lib/queries/incidents";

const MEDIANS: { key: keyof IncidentMetrics; label: string }[] = [
  { key: "time_to_detect", label: "Median TTD" },
  { key: "time_to_contain", label: "Median TTC" },
  { key: "time_to_recover", label: "Median TTR" },
];

/** Counts and median response times; `clientId` "" covers every client. */
export function Dashboard({ clientId }: { clientId: string }) {
  const d = useIncidentDashboard(clientId).data;
  if (!d) return null;
  return (
    <Paper withBorder p="sm" data-testid="incident-dashboard">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md">
        <Stat label="Open" value={String(d.open)} testId="dash-open" />
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Open by severity
          </Text>
          <Group gap={4}>
            {d.open_by_severity.length === 0 && <Text fw={700}>—</Text>}
            {d.open_by_severity.map((s, i) => (
              <Badge key={s.level} color={severityColour(i)} variant="light">
                {s.level}: {s.count}
              </Badge>
            ))}
          </Group>
        </Stack>
        {MEDIANS.map((m) => (
          <Stat
            key={m.key}
            label={m.label}
            value={duration(d.median[m.key])}
            hint={`over ${d.measured[m.key]} of ${d.total} incidents`}
          />
        ))}
      </SimpleGrid>
    </Paper>
  );
}

function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: string;
  hint?: string;
  testId?: string;
}) {
  return (
    <Stack gap={0} title={hint}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
