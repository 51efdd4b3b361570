import { Badge, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { commands, unwrap } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { exerciseKeys } from "../../lib/queryKeys";
import { clockText, STATUS_COLOR, STATUS_LABEL } from "./format";

/** The room's screen. It calls `presenter_view` only, whose data holds no facilitator notes,
 * expected actions, marks or ratings, so none of those can reach the room by mistake. It
 * reads the view every second, which is also how the clock ticks. */
export function PresenterView({ exerciseId }: { exerciseId: string }) {
  const view = useQuery({
    queryKey: exerciseKeys.presenter(exerciseId),
    queryFn: () => unwrap(commands.presenterView(exerciseId)),
    refetchInterval: 1000,
  });
  if (view.isPending) {
    return (
      <Center h="100vh">
        <Loader />
      </Center>
    );
  }
  if (view.isError) {
    return (
      <Center h="100vh" p="xl">
        <Text size="xl">{errorMessage(view.error)}</Text>
      </Center>
    );
  }
  const v = view.data;
  return (
    <Stack p="xl" gap="xl" h="100vh" data-testid="presenter">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          {v.exercise_name}
        </Title>
        <Group gap="md">
          <Badge size="xl" color={STATUS_COLOR[v.status]} variant="light">
            {STATUS_LABEL[v.status]}
          </Badge>
          <Text fz={48} fw={700} ff="monospace" data-testid="presenter-clock">
            {clockText(v.elapsed_seconds)}
          </Text>
        </Group>
      </Group>
      {v.current ? (
        <Stack gap="lg" data-testid="presenter-inject">
          <Text fz={28} c="dimmed">
            Inject {v.current.number} of {v.inject_count}
          </Text>
          <Title order={2} fz={56} lh={1.1}>
            {v.current.title}
          </Title>
          <Text fz={36} lh={1.35} style={{ whiteSpace: "pre-wrap" }}>
            {v.current.text}
          </Text>
        </Stack>
      ) : (
        <Center flex={1}>
          <Text fz={40} c="dimmed">
            {v.status === "ended"
              ? "The exercise has ended. Thank you."
              : "The exercise will begin shortly."}
          </Text>
        </Center>
      )}
    </Stack>
  );
}
