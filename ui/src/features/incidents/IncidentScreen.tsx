import { Alert, Button, Grid, Group, Loader, Paper, Stack, Tabs } from "@mantine/core";
import type { IncidentView } from "../../bindings";
import { IconArrowLeft } from "@tabler/icons-react";
import { useState } from "react";
import type { IncidentSection, IncidentTarget } from "../../app/navigation";
import { errorMessage } from "../../lib/errors";
import { Clocks } from "./Clocks";
import { Details } from "./Details";
import { Evidence } from "./Evidence";
import { IncidentHeader } from "./IncidentHeader";
import { KeyTimes } from "./KeyTimes";
import { Notices } from "./Notices";
import { useIncident } from "../../lib/queries/incidents";
import { Review } from "./Review";
import { Roles } from "./Roles";
import { Tasks } from "./Tasks";
import { Timeline } from "./Timeline";
import { ExportPdfButton } from "../../components/ExportPdfButton";

const PANELS: { id: IncidentSection; label: string }[] = [
  { id: "tasks", label: "Tasks" },
  { id: "notices", label: "Notices" },
  { id: "evidence", label: "Evidence" },
  { id: "roles", label: "Roles" },
  { id: "times", label: "Times" },
  { id: "review", label: "Review" },
  { id: "details", label: "Details" },
];

type Props = {
  target: IncidentTarget & { seq: number };
  onBack: () => void;
};

/** The screen used under stress: header with severity and phase, the clocks, the timeline in
 * the middle and everything else one tab away beside it. */
export function IncidentScreen({ target, onBack }: Props) {
  const q = useIncident(target.incidentId);
  const [panel, setPanel] = useState<{ seq: number; id: IncidentSection }>({
    seq: target.seq,
    id: target.section ?? "tasks",
  });
  if (panel.seq !== target.seq) setPanel({ seq: target.seq, id: target.section ?? "tasks" });
  // The form remounts with each new version of the incident; "Saved" outlives that.
  const [detailsSavedAt, setDetailsSavedAt] = useState<string | null>(null);
  const view = q.data;
  return (
    <Stack gap="md" data-testid="incident-screen">
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconArrowLeft size={14} />}
          onClick={onBack}
          data-testid="incident-back"
        >
          Back
        </Button>
        {view && (
          <Group ml="auto">
            <ExportPdfButton
              target={{ kind: "incident", id: view.incident.id, title: view.incident.title }}
            />
          </Group>
        )}
      </Group>
      {q.isPending && <Loader size="sm" aria-label="Loading the incident" />}
      {q.isError && (
        <Alert color="red" title="This incident could not be opened">
          {errorMessage(q.error)}
        </Alert>
      )}
      {view && (
        <>
          <IncidentHeader view={view} />
          <ClosedWithOpenClocks view={view} />
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, md: 6, xl: 7 }}>
              <Timeline view={view} focusEntryId={target.entryId} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6, xl: 5 }}>
              <Clocks view={view} receivedAt={q.dataUpdatedAt} />
              <Paper withBorder p="sm" mt="md">
                <Tabs
                  value={panel.id}
                  onChange={(v) => v && setPanel((p) => ({ ...p, id: v as IncidentSection }))}
                  keepMounted={false}
                >
                  <Tabs.List>
                    {PANELS.map((p) => (
                      <Tabs.Tab
                        key={p.id}
                        value={p.id}
                        px="xs"
                        data-testid={`incident-tab-${p.id}`}
                      >
                        {p.label}
                      </Tabs.Tab>
                    ))}
                  </Tabs.List>
                  <Tabs.Panel value="tasks" pt="sm">
                    <Tasks view={view} />
                  </Tabs.Panel>
                  <Tabs.Panel value="notices" pt="sm">
                    <Notices view={view} />
                  </Tabs.Panel>
                  <Tabs.Panel value="evidence" pt="sm">
                    <Evidence view={view} />
                  </Tabs.Panel>
                  <Tabs.Panel value="roles" pt="sm">
                    <Roles view={view} />
                  </Tabs.Panel>
                  <Tabs.Panel value="times" pt="sm">
                    <KeyTimes key={view.incident.updated_at} view={view} />
                  </Tabs.Panel>
                  <Tabs.Panel value="review" pt="sm">
                    <Review view={view} focusItem={target.actionItemId} />
                  </Tabs.Panel>
                  <Tabs.Panel value="details" pt="sm">
                    <Details
                      key={view.incident.updated_at}
                      view={view}
                      savedAt={detailsSavedAt}
                      onSaved={setDetailsSavedAt}
                    />
                  </Tabs.Panel>
                </Tabs>
              </Paper>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}

/** A closed incident whose clocks have no notice: the duty to notify does not close with it. */
function ClosedWithOpenClocks({ view }: { view: IncidentView }) {
  if (view.incident.phase !== "closed") return null;
  const open = view.clocks.filter((c) => ["running", "due_soon", "overdue"].includes(c.status));
  if (open.length === 0) return null;
  return (
    <Alert
      color="orange"
      title="Closed, but notices are still unrecorded"
      data-testid="closed-open-clocks"
    >
      {open.map((c) => c.name).join(", ")}: record each notice you sent (Clocks, Record notice), or
      write on the timeline why none was needed.
    </Alert>
  );
}
