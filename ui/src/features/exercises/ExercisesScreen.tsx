import {
  Badge,
  Alert,
  Button,
  Card,
  Drawer,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../lib/errors";
import { useClientList } from "../../lib/queries/clients";
import { Console } from "./Console";
import { STATUS_COLOR, STATUS_LABEL } from "./format";
import { useCreateExercise, useExerciseList, useScenarios } from "../../lib/queries/exercises";
import { UserText } from "../../components/UserText";

const heldFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Every client's exercises, newest first; one opens in the facilitator console. */
export function ExercisesScreen() {
  return <ExerciseList clientId={null} />;
}

/** The list for one client, or for all (`clientId` null), with "New exercise"; choosing an
 * exercise shows its console in place, and Back returns to the list. */
export function ExerciseList({ clientId }: { clientId: string | null }) {
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useExerciseList(clientId);
  if (open) return <Console exerciseId={open} onBack={() => setOpen(null)} />;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        {clientId === null ? (
          <Stack gap={2}>
            <Title order={1} size="h2">
              Exercises
            </Title>
            <Text size="sm" c="dimmed">
              Tabletop exercises built from each client&apos;s own plan, newest first.
            </Text>
          </Stack>
        ) : (
          <span />
        )}
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setCreating(true)}
          data-testid="new-exercise"
        >
          New exercise
        </Button>
      </Group>
      {list.isPending && <Loader />}
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.data && list.data.length === 0 && (
        <Text c="dimmed" ta="center" py="xl">
          No exercises yet. Start one with “New exercise”.
        </Text>
      )}
      {list.data && list.data.length > 0 && (
        <Table highlightOnHover data-testid="exercises-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Exercise</Table.Th>
              <Table.Th>Scenario</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Held</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((e) => (
              <Table.Tr key={e.id} style={{ cursor: "pointer" }} onClick={() => setOpen(e.id)}>
                <Table.Td>
                  <UserText>{e.name}</UserText>
                </Table.Td>
                <Table.Td>{e.scenario_title}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[e.status]} variant="light">
                    {STATUS_LABEL[e.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {e.started_at ? heldFormat.format(new Date(e.started_at)) : "Not yet"}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewExercise
        clientId={clientId}
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          setOpen(id);
        }}
      />
    </Stack>
  );
}

function NewExercise({
  clientId,
  opened,
  onClose,
  onCreated,
}: {
  clientId: string | null;
  opened: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const clients = useClientList("", false);
  const scenarios = useScenarios();
  const create = useCreateExercise();
  const [client, setClient] = useState<string | null>(clientId);
  const [scenario, setScenario] = useState<string | null>(null);
  return (
    <Drawer opened={opened} onClose={onClose} title="New exercise" position="right" size="lg">
      <Stack gap="md">
        {clientId === null && (
          <Select
            label="Client"
            searchable
            value={client}
            onChange={setClient}
            data={(clients.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            data-testid="exercise-client"
          />
        )}
        <Text size="sm" fw={500}>
          Scenario
        </Text>
        {scenarios.isPending && <Loader size="sm" />}
        {(scenarios.data ?? []).map((s) => (
          <Card
            key={s.name}
            component="button"
            type="button"
            withBorder
            padding="sm"
            style={{ cursor: "pointer", textAlign: "left", width: "100%" }}
            bg={scenario === s.name ? "var(--mantine-primary-color-light)" : undefined}
            onClick={() => setScenario(s.name)}
            data-testid={`scenario-${s.name}`}
            aria-pressed={scenario === s.name}
          >
            <Text fw={600}>{s.title}</Text>
            <Text size="sm">{s.summary}</Text>
            <Text size="xs" c="dimmed">
              {s.inject_count} injects + the escalation and notification-deadline injects from this
              client&apos;s plan · {s.source}
            </Text>
          </Card>
        ))}
        {create.error && <Text c="red">{errorMessage(create.error)}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!client || !scenario}
            loading={create.isPending}
            onClick={() => {
              if (client && scenario)
                create.mutate(
                  { clientId: client, scenario },
                  { onSuccess: (v) => onCreated(v.exercise.id) },
                );
            }}
            data-testid="create-exercise"
          >
            Create exercise
          </Button>
        </Group>
      </Stack>
    </Drawer>
  );
}
