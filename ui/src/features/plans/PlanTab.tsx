import {
  Alert,
  Button,
  Card,
  Group,
  List,
  Loader,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconCheck, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../lib/errors";
import { SECTOR_LABELS } from "../../lib/clientOptions";
import { useClient } from "../../lib/queries/clients";
import { PlanEditor, type PlanFocus } from "./PlanEditor";
import { useCreatePlan, usePlan, usePlanList, usePlanTemplates } from "../../lib/queries/plans";

type Props = { clientId: string; focus: PlanFocus & { newPlan: boolean } };

/** The client's plan: the newest version in the editor, or a way to start one. */
export function PlanTab({ clientId, focus }: Props) {
  const list = usePlanList(clientId);
  const head = list.data?.[0] ?? null;
  const approved = list.data?.find((p) => p.status === "approved") ?? null;
  const plan = usePlan(head?.id ?? null);

  if (list.isPending || (head && plan.isPending)) {
    return <Loader size="sm" aria-label="Loading the plan" />;
  }
  if (list.isError || plan.isError) {
    return (
      <Alert color="red" title="The plan could not be opened">
        {errorMessage(list.error ?? plan.error)}
      </Alert>
    );
  }
  if (!head || !plan.data) return <NewPlan clientId={clientId} />;
  return (
    // Keyed by client: the editor follows its own plan through new drafts and approvals.
    <PlanEditor
      key={clientId}
      initial={plan.data}
      approvedId={approved && approved.id !== plan.data.id ? approved.id : null}
      focus={focus}
    />
  );
}

/** "New plan from template": the baseline, and the playbooks it brings for this client. */
function NewPlan({ clientId }: { clientId: string }) {
  const templates = usePlanTemplates();
  const client = useClient(clientId);
  const create = useCreatePlan(clientId);
  const plans = templates.data?.filter((t) => t.kind === "plan") ?? [];
  const playbooks = templates.data?.filter((t) => t.kind === "playbook") ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const template = chosen ?? plans[0]?.name ?? null;
  const sectors = client.data?.sectors ?? [];
  const fits = (t: { sectors: string[] }) =>
    t.sectors.length === 0 || t.sectors.some((s) => (sectors as string[]).includes(s));
  const included = playbooks.filter(fits);
  const others = playbooks.filter((t) => !fits(t));

  return (
    <Card withBorder padding="lg" maw={760} data-testid="new-plan">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3">
            New plan from template
          </Title>
          <Text size="sm" c="dimmed">
            This client has no incident-response plan yet. Start from a template, then fill in the
            people, numbers and thresholds; every edit is saved as you go.
          </Text>
        </div>
        {templates.isPending && <Loader size="sm" aria-label="Loading templates" />}
        <Radio.Group value={template} onChange={setChosen} label="Plan template">
          <Stack gap="xs" mt="xs">
            {plans.map((t) => (
              <Radio.Card
                key={t.name}
                value={t.name}
                p="sm"
                radius="sm"
                data-testid={`template-${t.name}`}
              >
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600} size="sm">
                      {t.title}{" "}
                      <Text span size="xs" c="dimmed">
                        v{t.version}
                      </Text>
                    </Text>
                    <Text size="sm">{t.summary}</Text>
                    <Text size="xs" c="dimmed">
                      {t.source}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        {playbooks.length > 0 && (
          <SimpleGrid cols={2}>
            <div>
              <Text size="sm" fw={500}>
                Playbooks that come with it
              </Text>
              <Text size="xs" c="dimmed" mb={4}>
                For every client, plus those meant for this client&apos;s sectors
              </Text>
              <List
                size="sm"
                spacing={2}
                icon={<IconCheck size={14} color="var(--mantine-color-green-6)" />}
              >
                {included.map((p) => (
                  <List.Item key={p.name} data-testid={`template-${p.name}`}>
                    {p.title}
                  </List.Item>
                ))}
              </List>
            </div>
            <div>
              <Text size="sm" fw={500}>
                Others
              </Text>
              <Text size="xs" c="dimmed" mb={4}>
                Add any of these later in the Playbooks section
              </Text>
              <List size="sm" spacing={2}>
                {others.map((p) => (
                  <List.Item key={p.name} data-testid={`template-${p.name}`}>
                    {p.title}{" "}
                    <Text span size="xs" c="dimmed">
                      (for {p.sectors.map((s) => SECTOR_LABELS[s]).join(", ")})
                    </Text>
                  </List.Item>
                ))}
              </List>
            </div>
          </SimpleGrid>
        )}
        {create.isError && (
          <Alert color="red" title="The plan was not created">
            {errorMessage(create.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            leftSection={<IconPlus size={16} />}
            disabled={!template}
            loading={create.isPending}
            onClick={() => template && create.mutate(template)}
            data-testid="create-plan"
          >
            Create the plan
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
