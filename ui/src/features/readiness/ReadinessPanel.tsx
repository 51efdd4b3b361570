import { Alert, Anchor, Badge, Card, Group, Loader, Stack, Text, Title } from "@mantine/core";
import type { Gap, GapLink } from "../../bindings";
import { errorMessage } from "../../lib/errors";
import { useClientReadiness } from "../../lib/queries/clients";
import { ReadinessScore } from "../../components/ReadinessScore";

const SEVERITY_COLOUR = { high: "red", medium: "orange", low: "gray" } as const;

/** Where a gap's link leads, in words. */
function linkLabel(link: GapLink): string {
  switch (link.screen) {
    case "plan":
      return `Open the plan's ${link.section}`;
    case "asset":
      return "Open the asset";
    case "new_plan":
      return "Start a plan from the template";
    case "action_item":
      return "Open the incident's review";
  }
}

type Props = { clientId: string; onGo: (link: GapLink) => void };

/** The score and every gap, each with a one-click way to where it is fixed. */
export function ReadinessPanel({ clientId, onGo }: Props) {
  const readiness = useClientReadiness(clientId);
  if (readiness.isPending) return <Loader size="sm" aria-label="Loading readiness" />;
  if (readiness.isError) {
    return (
      <Alert color="red" title="Readiness could not be worked out">
        {errorMessage(readiness.error)}
      </Alert>
    );
  }
  const { score, gaps } = readiness.data;
  return (
    <Card withBorder padding="lg" data-testid="readiness-panel">
      <Group align="flex-start" gap="xl" wrap="nowrap">
        <Stack align="center" gap={4} data-testid="readiness-score" data-score={score}>
          <ReadinessScore score={score} size={72} />
          <Text size="xs" c="dimmed">
            Readiness
          </Text>
        </Stack>
        <Stack gap="xs" style={{ flex: 1 }}>
          <Title order={3} size="h4">
            {gaps.length === 0
              ? "Nothing to fix: the plan, contacts and assets are in order."
              : `${gaps.length} ${gaps.length === 1 ? "thing" : "things"} to fix`}
          </Title>
          {gaps.map((g, i) => (
            <GapRow key={`${g.kind}-${i}`} gap={g} onGo={onGo} />
          ))}
        </Stack>
      </Group>
    </Card>
  );
}

function GapRow({ gap, onGo }: { gap: Gap; onGo: (link: GapLink) => void }) {
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      align="flex-start"
      data-testid="readiness-gap"
      data-kind={gap.kind}
    >
      <Badge
        color={SEVERITY_COLOUR[gap.severity]}
        variant="light"
        size="sm"
        w={70}
        style={{ flex: "none" }}
      >
        {gap.severity}
      </Badge>
      <Text size="sm" style={{ flex: 1 }}>
        {gap.message}
      </Text>
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => onGo(gap.link)}
        style={{ whiteSpace: "nowrap" }}
        data-testid="gap-link"
      >
        {linkLabel(gap.link)} →
      </Anchor>
    </Group>
  );
}
