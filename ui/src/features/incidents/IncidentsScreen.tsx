import { Alert, Button, Group, Loader, Stack, Switch, Text, Title } from "@mantine/core";
import { useHotkeys } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useOpenIncident } from "../../app/navigation";
import { errorMessage } from "../../lib/errors";
import { Dashboard } from "./Dashboard";
import { IncidentsTable } from "./IncidentsTable";
import { NewIncidentDrawer } from "./NewIncident";
import { useIncidentList } from "../../lib/queries/incidents";

/** Every client's incidents, newest first, with the dashboard on top. */
export function IncidentsScreen() {
  return <IncidentList clientId="" />;
}

/** The list for one client (`clientId`) or all (""); "New incident" opens the form. */
export function IncidentList({ clientId }: { clientId: string }) {
  // Across clients the open ones are the day's work; on one client's page its history is
  // what is asked for, closed incidents included (the switch narrows it).
  const [openOnly, setOpenOnly] = useState(clientId === "");
  const [page, setPage] = useState(0);
  const [creating, setCreating] = useState(false);
  const openIncident = useOpenIncident();
  const list = useIncidentList(clientId, openOnly, page);
  // "n" as on Clients; not while the form is open, it has the keyboard then.
  useHotkeys([["n", () => !creating && setCreating(true)]]);
  const all = clientId === "";
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        {all ? (
          <Stack gap={2}>
            <Title order={1} size="h2">
              Incidents
            </Title>
            <Text size="sm" c="dimmed">
              Every client&apos;s incidents, newest detection first.
            </Text>
          </Stack>
        ) : (
          <span />
        )}
        <Group>
          <Switch
            label="Open only"
            checked={openOnly}
            onChange={(e) => {
              setOpenOnly(e.currentTarget.checked);
              setPage(0);
            }}
            data-testid="incidents-open-only"
          />
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="new-incident"
          >
            New incident
          </Button>
        </Group>
      </Group>
      <Dashboard clientId={clientId} />
      {list.isPending && <Loader size="sm" aria-label="Loading incidents" />}
      {list.isError && (
        <Alert color="red" title="The incidents could not be loaded">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && list.data.total === 0 ? (
        <Text size="sm" c="dimmed" ta="center" py="xl">
          {openOnly
            ? "No open incident. When something happens, press New incident: the plan's playbook, roles and clocks come with it."
            : "No incident recorded yet."}
        </Text>
      ) : (
        list.data && (
          <IncidentsTable page={list.data} pageIndex={page} onPage={setPage} showClient={all} />
        )
      )}
      <NewIncidentDrawer
        opened={creating}
        onClose={() => setCreating(false)}
        clientId={all ? null : clientId}
        onOpened={(view) => {
          setCreating(false);
          openIncident({ incidentId: view.incident.id });
        }}
      />
    </Stack>
  );
}
