import { Alert, Button, Group, Loader, Stack, Tabs, Text, Title } from "@mantine/core";
import {
  IconArrowLeft,
  IconClipboardList,
  IconFileText,
  IconGauge,
  IconPencil,
  IconServer2,
  IconTargetArrow,
  IconUrgent,
} from "@tabler/icons-react";
import { useState } from "react";
import type { GapLink } from "../bindings";
import { errorMessage } from "../lib/errors";
import { useOpenClient, useOpenIncident, type ClientTab, type ClientTarget } from "./navigation";
import { AssetsTab } from "../features/assets/AssetsTab";
import { ExerciseList } from "../features/exercises/ExercisesScreen";
import { PlanChanges } from "../features/exercises/PlanChanges";
import { IncidentList } from "../features/incidents/IncidentsScreen";
import { PlanTab } from "../features/plans/PlanTab";
import { ReadinessPanel } from "../features/readiness/ReadinessPanel";
import { Joined, UserText } from "../components/UserText";
import { ClientDrawer } from "../features/clients/ClientDrawer";
import { SECTOR_LABELS } from "../lib/clientOptions";
import { useClient } from "../lib/queries/clients";

const TABS: { id: ClientTab; label: string; icon: typeof IconGauge }[] = [
  { id: "overview", label: "Overview", icon: IconGauge },
  { id: "plan", label: "Plan", icon: IconClipboardList },
  { id: "assets", label: "Assets", icon: IconServer2 },
  { id: "incidents", label: "Incidents", icon: IconUrgent },
  { id: "exercises", label: "Exercises", icon: IconTargetArrow },
  { id: "reports", label: "Reports", icon: IconFileText },
];

const COMING: Partial<Record<ClientTab, string>> = {
  reports: "Reports for this client (plan, incidents, exercises) will be exported from here.",
};

type Props = { target: ClientTarget & { seq: number }; onBack: () => void };

/** One client: header, then tabs. Links (gaps, the Plans table) re-target it via `seq`. */
export function ClientPage({ target, onBack }: Props) {
  const client = useClient(target.clientId);
  const openClient = useOpenClient();
  const openIncident = useOpenIncident();
  const [editing, setEditing] = useState(false);
  const [shown, setShown] = useState({ seq: target.seq, tab: target.tab ?? "overview" });
  // A new link to this page (another gap, another section) wins over the tab picked by hand.
  if (shown.seq !== target.seq) setShown({ seq: target.seq, tab: target.tab ?? "overview" });

  const go = (link: GapLink) => {
    const clientId = target.clientId;
    if (link.screen === "plan") {
      openClient({ clientId, tab: "plan", planSection: link.section, planItem: link.item });
    } else if (link.screen === "new_plan") {
      openClient({ clientId, tab: "plan", newPlan: true });
    } else if (link.screen === "asset") {
      openClient({ clientId, tab: "assets", assetId: link.asset_id });
    } else if (link.screen === "action_item") {
      openIncident({ incidentId: link.incident_id, section: "review", actionItemId: link.id });
    }
  };

  const c = client.data;
  const primary = c?.contacts[0];
  return (
    <Stack gap="md" data-testid="client-page">
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconArrowLeft size={14} />}
          onClick={onBack}
        >
          Back to the list
        </Button>
      </Group>
      {client.isPending && <Loader size="sm" aria-label="Loading the client" />}
      {client.isError && (
        <Alert color="red" title="This client could not be opened">
          {errorMessage(client.error)}
        </Alert>
      )}
      {c && (
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4}>
            <Title order={1} size="h2">
              <UserText>{c.name}</UserText>
            </Title>
            <Text size="sm" c="dimmed" data-testid="client-summary">
              <Joined
                parts={[
                  c.sectors.map((s) => SECTOR_LABELS[s]).join(", ") || "No sector",
                  c.jurisdictions.join(", ") || "No jurisdiction",
                  primary ? (
                    <>
                      <UserText>{primary.name}</UserText>
                      {primary.role && (
                        <>
                          {" ("}
                          <UserText>{primary.role}</UserText>
                          {")"}
                        </>
                      )}
                      {primary.phone && (
                        <>
                          {" · "}
                          <UserText>{primary.phone}</UserText>
                        </>
                      )}
                    </>
                  ) : (
                    "No contact yet"
                  ),
                ]}
              />
            </Text>
          </Stack>
          <Button
            variant="default"
            leftSection={<IconPencil size={16} />}
            onClick={() => setEditing(true)}
            data-testid="edit-client"
          >
            Edit details
          </Button>
        </Group>
      )}

      <Tabs
        value={shown.tab}
        onChange={(t) => t && setShown((s) => ({ ...s, tab: t as ClientTab }))}
        keepMounted={false}
      >
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab
              key={t.id}
              value={t.id}
              leftSection={<t.icon size={16} aria-hidden />}
              data-testid={`client-tab-${t.id}`}
            >
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <ReadinessPanel clientId={target.clientId} onGo={go} />
        </Tabs.Panel>
        <Tabs.Panel value="plan" pt="md">
          <PlanChanges clientId={target.clientId} />
          <PlanTab
            clientId={target.clientId}
            focus={{
              seq: shown.seq,
              section: target.planSection,
              item: target.planItem ?? null,
              newPlan: target.newPlan ?? false,
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="assets" pt="md">
          <AssetsTab clientId={target.clientId} openAssetId={target.assetId ?? null} />
        </Tabs.Panel>
        <Tabs.Panel value="incidents" pt="md">
          <IncidentList clientId={target.clientId} />
        </Tabs.Panel>
        <Tabs.Panel value="exercises" pt="md">
          <ExerciseList clientId={target.clientId} />
        </Tabs.Panel>
        {(["reports"] as const).map((t) => (
          <Tabs.Panel key={t} value={t} pt="md">
            <Text c="dimmed" py="xl" ta="center" maw={560} mx="auto">
              {COMING[t]} This is coming next; meanwhile, keep the plan and assets current.
            </Text>
          </Tabs.Panel>
        ))}
      </Tabs>

      <ClientDrawer clientId={target.clientId} opened={editing} onClose={() => setEditing(false)} />
    </Stack>
  );
}
