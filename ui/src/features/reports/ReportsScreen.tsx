import {
  Alert,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ReportOrigin } from "../../app/navigation";
import { commands, unwrap } from "../../lib/api";
import { exerciseKeys, incidentKeys } from "../../lib/queryKeys";
import { errorMessage } from "../../lib/errors";
import { useClientList } from "../../lib/queries/clients";
import { EXERCISE_STATUS_LABEL as STATUS_LABEL } from "../../lib/labels";
import { useExerciseList } from "../../lib/queries/exercises";
import { useIncidentList } from "../../lib/queries/incidents";
import { usePlanList } from "../../lib/queries/plans";
import { ExportPanel } from "../../components/ExportPanel";
import type { ReportTarget } from "../../lib/queries/reports";
import { visible } from "../../components/UserText";

type Kind = "incident" | "plan" | "exercise";

/** Pick a client, then an incident (post-incident report), a plan version (binder) or a
 * tabletop exercise (after-action report), see its first pages and save the PDF. */
export function ReportsScreen({ from = null }: { from?: ReportOrigin | null }) {
  const clients = useClientList("", false);
  const origin = useOrigin(from);
  const [picked, setClientId] = useState<string | null>(null);
  const clientId = picked ?? origin.clientId;
  const [kind, setKind] = useState<Kind>(from?.kind === "exercise" ? "exercise" : "incident");
  // The record Reports was opened from is picked, as long as its client is the one shown.
  const initial = picked === null || picked === origin.clientId ? origin.recordId : null;
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1} size="h2">
        Reports
      </Title>
      <Text c="dimmed" size="sm">
        Branded PDFs for your clients: the post-incident report (curated for the client, or the full
        internal version), the plan binder to print for the day systems are down, and the
        after-action report of a tabletop exercise. Your name and logo come from Settings; the
        client&apos;s logo and colour from its branding.
      </Text>
      {clients.isError && (
        <Alert color="red" title="Clients could not be read">
          {errorMessage(clients.error)}
        </Alert>
      )}
      <Paper withBorder p="md">
        <Group align="flex-end" grow>
          <Select
            label="Client"
            placeholder={clients.isPending ? "Loading…" : "Pick a client"}
            data={(clients.data ?? []).map((c) => ({ value: c.id, label: visible(c.name) }))}
            value={clientId}
            onChange={setClientId}
            searchable
            data-testid="report-client"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Report
            </Text>
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as Kind)}
              data={[
                { value: "incident", label: "Post-incident report" },
                { value: "plan", label: "Plan binder" },
                { value: "exercise", label: "After-action report" },
              ]}
              data-testid="report-kind"
            />
          </Stack>
        </Group>
      </Paper>
      {clientId === null ? (
        <Text c="dimmed">Pick a client to see its incidents, plan versions and exercises.</Text>
      ) : kind === "incident" ? (
        <IncidentPicker
          key={clientId}
          clientId={clientId}
          initial={from?.kind === "incident" ? initial : null}
        />
      ) : kind === "exercise" ? (
        <ExercisePicker
          key={clientId}
          clientId={clientId}
          initial={from?.kind === "exercise" ? initial : null}
        />
      ) : (
        <PlanPicker key={clientId} clientId={clientId} />
      )}
    </Stack>
  );
}

/** The client (and record) of what was on screen when Reports was chosen. */
function useOrigin(from: ReportOrigin | null): {
  clientId: string | null;
  recordId: string | null;
} {
  const incident = useQuery({
    queryKey: incidentKeys.detail(from?.kind === "incident" ? from.incidentId : ""),
    queryFn: () => unwrap(commands.incident(from?.kind === "incident" ? from.incidentId : "")),
    enabled: from?.kind === "incident",
  });
  const exercise = useQuery({
    queryKey: exerciseKeys.detail(from?.kind === "exercise" ? from.exerciseId : ""),
    queryFn: () => unwrap(commands.exercise(from?.kind === "exercise" ? from.exerciseId : "")),
    enabled: from?.kind === "exercise",
  });
  if (!from) return { clientId: null, recordId: null };
  if (from.kind === "client") return { clientId: from.clientId, recordId: null };
  if (from.kind === "incident")
    return { clientId: incident.data?.incident.client_id ?? null, recordId: from.incidentId };
  return { clientId: exercise.data?.exercise.client_id ?? null, recordId: from.exerciseId };
}

function IncidentPicker({ clientId, initial }: { clientId: string; initial: string | null }) {
  const list = useIncidentList(clientId, false, 0);
  const [id, setId] = useState<string | null>(initial);
  if (list.isPending) return <Loader size="sm" aria-label="Loading incidents" />;
  if (list.isError) {
    return (
      <Alert color="red" title="Incidents could not be read">
        {errorMessage(list.error)}
      </Alert>
    );
  }
  const items = list.data.items;
  if (items.length === 0) {
    return <Text c="dimmed">This client has no incidents: nothing to report yet.</Text>;
  }
  const chosen = items.find((i) => i.id === id);
  const target: ReportTarget | null = chosen
    ? { kind: "incident", id: chosen.id, title: chosen.title }
    : null;
  return (
    <Stack gap="md">
      <Select
        label="Incident"
        placeholder="Pick an incident"
        data={items.map((i) => ({
          value: i.id,
          label: visible(`${i.title} · ${i.severity ?? "unrated"} · ${i.phase}`),
        }))}
        value={id}
        onChange={setId}
        searchable
        data-testid="report-incident"
      />
      {target && (
        <Paper withBorder p="md">
          <ExportPanel key={target.id} target={target} />
        </Paper>
      )}
    </Stack>
  );
}

function PlanPicker({ clientId }: { clientId: string }) {
  const list = usePlanList(clientId);
  const versions = list.data ?? [];
  const approved = versions.find((p) => p.status === "approved");
  const [picked, setPicked] = useState<string | null>(null);
  const id = picked ?? approved?.id ?? versions[0]?.id ?? null;
  if (list.isPending) return <Loader size="sm" aria-label="Loading plan versions" />;
  if (list.isError) {
    return (
      <Alert color="red" title="Plan versions could not be read">
        {errorMessage(list.error)}
      </Alert>
    );
  }
  if (versions.length === 0) {
    return (
      <Text c="dimmed">This client has no plan yet: start one on the client&apos;s Plan tab.</Text>
    );
  }
  const chosen = versions.find((p) => p.id === id);
  return (
    <Stack gap="md">
      <Select
        label="Plan version"
        data={versions.map((p) => ({
          value: p.id,
          label: `${p.title} · v${p.version} · ${p.status}`,
        }))}
        value={id}
        onChange={setPicked}
        allowDeselect={false}
        data-testid="report-plan"
      />
      {chosen && (
        <Paper withBorder p="md">
          <ExportPanel
            key={chosen.id}
            target={{
              kind: "plan",
              planId: chosen.id,
              title: `${chosen.title} v${chosen.version}`,
            }}
          />
        </Paper>
      )}
    </Stack>
  );
}

function ExercisePicker({ clientId, initial }: { clientId: string; initial: string | null }) {
  const list = useExerciseList(clientId);
  const [id, setId] = useState<string | null>(initial);
  if (list.isPending) return <Loader size="sm" aria-label="Loading exercises" />;
  if (list.isError) {
    return (
      <Alert color="red" title="Exercises could not be read">
        {errorMessage(list.error)}
      </Alert>
    );
  }
  if (list.data.length === 0) {
    return (
      <Text c="dimmed">
        This client has no exercises yet: run one from the client&apos;s Exercises tab.
      </Text>
    );
  }
  const chosen = list.data.find((e) => e.id === id);
  return (
    <Stack gap="md">
      <Select
        label="Exercise"
        placeholder="Pick an exercise"
        data={list.data.map((e) => ({
          value: e.id,
          label: visible(`${e.name} · ${STATUS_LABEL[e.status].toLowerCase()}`),
        }))}
        value={id}
        onChange={setId}
        searchable
        data-testid="report-exercise"
      />
      {chosen && (
        <Paper withBorder p="md">
          <ExportPanel
            key={chosen.id}
            target={{ kind: "exercise", id: chosen.id, title: chosen.name }}
          />
        </Paper>
      )}
    </Stack>
  );
}
