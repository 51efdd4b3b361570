import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Modal,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowLeft, IconDeviceTv, IconEyeOff } from "@tabler/icons-react";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { ActionMark, ExerciseView, Inject } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { useNow } from "../../lib/useNow";
import { ExportPdfButton } from "../../components/ExportPdfButton";
import { Evaluation } from "./Evaluation";
import { clockText, elapsedAt, MARKS, STATUS_COLOR, STATUS_LABEL } from "./format";
import { LogPanel, Participants } from "./LogPanel";
import { NotesBox } from "./NotesBox";
import { useExercise, useExerciseChange } from "../../lib/queries/exercises";
import { UserText } from "../../components/UserText";

/** The facilitator's console for one exercise. */
export function Console({ exerciseId, onBack }: { exerciseId: string; onBack: () => void }) {
  const query = useExercise(exerciseId);
  if (query.isPending) return <Loader />;
  if (query.isError) return <Alert color="red">{errorMessage(query.error)}</Alert>;
  const view = query.data;
  return (
    <Stack gap="md" data-testid="exercise-console">
      <Group>
        <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
          Exercises
        </Button>
      </Group>
      {/* The clock and what the room sees stay in view while the facilitator scrolls
          through injects, the log and the evaluation. */}
      <Stack
        gap="xs"
        data-testid="console-bar"
        style={{
          position: "sticky",
          top: "var(--app-shell-header-offset, 0px)",
          zIndex: 5,
          background: "var(--mantine-color-body)",
          paddingBottom: "var(--mantine-spacing-xs)",
        }}
      >
        <ClockBar view={view} />
      </Stack>
      <Title order={2} size="h4">
        Injects
      </Title>
      <InjectCount view={view} />
      {view.exercise.injects.map((inject) => (
        <InjectCard key={inject.number} view={view} inject={inject} />
      ))}
      <Participants view={view} />
      <LogPanel view={view} />
      <Evaluation view={view} />
    </Stack>
  );
}

function ClockBar({ view }: { view: ExerciseView }) {
  const now = useNow();
  const id = view.exercise.id;
  const status = view.clock.status;
  const change = useExerciseChange((run: "start" | "pause" | "resume" | "end") =>
    run === "start"
      ? commands.startExercise(id)
      : run === "pause"
        ? commands.pauseExercise(id)
        : run === "resume"
          ? commands.resumeExercise(id)
          : commands.endExercise(id),
  );
  const [ending, setEnding] = useState(false);
  const elapsed = elapsedAt({ status, elapsed: view.clock.elapsed_seconds, now: view.now }, now);
  const openPresenter = async () => {
    try {
      await unwrap(commands.openPresenterWindow(id));
    } catch (e) {
      notifications.show({ color: "red", message: errorMessage(e) });
    }
  };
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" align="center" wrap="nowrap">
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Title order={1} size="h4" lineClamp={1}>
            <UserText>{view.exercise.name}</UserText>
          </Title>
          <Text size="xs" c="dimmed" lineClamp={1}>
            <UserText>{view.client_name}</UserText> · {view.exercise.scenario.title}
          </Text>
        </Stack>
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Badge color={STATUS_COLOR[status]} variant="light" data-testid="exercise-status">
            {STATUS_LABEL[status]}
          </Badge>
          <Text fz={28} fw={700} ff="monospace" data-testid="exercise-clock">
            {clockText(elapsed)}
          </Text>
          {status === "not_started" && (
            <Button
              onClick={() => change.mutate("start")}
              loading={change.isPending}
              data-testid="exercise-start"
            >
              Start
            </Button>
          )}
          {status === "running" && (
            <Button variant="default" onClick={() => change.mutate("pause")}>
              Pause
            </Button>
          )}
          {status === "paused" && <Button onClick={() => change.mutate("resume")}>Resume</Button>}
          {(status === "running" || status === "paused") && (
            <Button
              color="red"
              variant="light"
              onClick={() => setEnding(true)}
              data-testid="exercise-end"
            >
              End
            </Button>
          )}
        </Group>
      </Group>
      <Group justify="space-between" align="center" wrap="nowrap" mt={6}>
        <RoomLine view={view} />
        <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
          <Button
            variant="default"
            leftSection={<IconDeviceTv size={16} />}
            onClick={() => void openPresenter()}
            data-testid="open-presenter"
          >
            Open presenter view
          </Button>
          <ExportPdfButton
            target={{ kind: "exercise", id, title: view.exercise.name }}
            label={status === "ended" ? "After-action report" : "Draft after-action report"}
          />
        </Group>
      </Group>
      {change.error && (
        <Text c="red" size="sm" mt="xs">
          {errorMessage(change.error)}
        </Text>
      )}
      <Modal opened={ending} onClose={() => setEnding(false)} title="End the exercise?">
        <Stack>
          <Text size="sm">
            The clock stops for good: no more injects can be revealed. The log and the evaluation
            stay open for the after-action report.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setEnding(false)} data-autofocus>
              Keep running
            </Button>
            <Button
              color="red"
              loading={change.isPending}
              onClick={() => change.mutate("end", { onSuccess: () => setEnding(false) })}
              data-testid="confirm-end"
            >
              End exercise
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** Where the injects come from: the scenario's own and those added from the client's plan
 * (escalation levels) and the notification clocks that apply to it. */
export function InjectCount({ view }: { view: ExerciseView }) {
  const injects = view.exercise.injects;
  const escalation = injects.filter((i) => i.origin === "escalation").length;
  const deadlines = injects.filter((i) => i.origin === "notification_clock").length;
  const scenario = injects.length - escalation - deadlines;
  const added = [
    escalation ? `${escalation} escalation` : "",
    deadlines ? `${deadlines} notification deadline` : "",
  ].filter(Boolean);
  return (
    <Text size="sm" c="dimmed" data-testid="inject-count">
      {injects.length} {injects.length === 1 ? "inject" : "injects"}: {scenario} from the scenario
      {added.length > 0 &&
        ` + ${escalation + deadlines} from this client's plan and duties (${added.join(", ")})`}
      .
    </Text>
  );
}

/** What the room sees now and what comes next, in one line under the exercise's name. */
function RoomLine({ view }: { view: ExerciseView }) {
  const next = view.exercise.injects.find((i) => !view.revealed.includes(i.number));
  const current = view.exercise.injects.find((i) => i.number === view.current);
  return (
    <Text size="sm" lineClamp={2} style={{ minWidth: 0 }} data-testid="next-inject">
      <Text span c="dimmed" size="sm">
        On screen:{" "}
      </Text>
      <Text span fw={600} size="sm">
        {current ? `${current.number}. ${current.title}` : "nothing yet"}
      </Text>
      <Text span c="dimmed" size="sm">
        {" "}
        · Next:{" "}
      </Text>
      <Text span fw={600} size="sm">
        {view.clock.status === "ended"
          ? "none, the exercise has ended"
          : next
            ? `${next.number}. ${next.title} (at +${next.offset_minutes} min)`
            : "all revealed"}
      </Text>
    </Text>
  );
}

function InjectCard({ view, inject }: { view: ExerciseView; inject: Inject }) {
  const now = useNow();
  const id = view.exercise.id;
  const revealed = view.revealed.includes(inject.number);
  const elapsed = elapsedAt(
    { status: view.clock.status, elapsed: view.clock.elapsed_seconds, now: view.now },
    now,
  );
  const due = !revealed && elapsed >= inject.offset_minutes * 60;
  const reveal = useExerciseChange(() => commands.revealInject(id, inject.number));
  const mark = useExerciseChange(
    ({ action, value }: { action: number; value: ActionMark | null }) =>
      commands.markExpectedAction(id, inject.number, action, value),
  );
  const canReveal = view.clock.status === "running" || view.clock.status === "paused";
  return (
    <Card withBorder padding="md" data-testid={`inject-${inject.number}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={700}>
              {inject.number}. {inject.title}
            </Text>
            <Badge variant="outline" color="gray">
              +{inject.offset_minutes} min
            </Badge>
            {inject.origin === "escalation" && <Badge variant="light">From the plan</Badge>}
            {revealed && <Badge color="green">Revealed</Badge>}
            {due && <Badge color="orange">Due</Badge>}
          </Group>
          {!revealed && (
            <Button
              size="xs"
              onClick={() => reveal.mutate(undefined)}
              disabled={!canReveal}
              title={canReveal ? undefined : "Start the exercise first"}
              data-testid={`reveal-${inject.number}`}
            >
              Reveal
            </Button>
          )}
        </Group>
        <Text style={{ whiteSpace: "pre-wrap" }}>{inject.text}</Text>
        {inject.expected_actions.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              Expected actions
            </Text>
            {inject.expected_actions.map((a, i) => (
              <Group key={i} justify="space-between" wrap="nowrap">
                <Text size="sm">{a.text}</Text>
                <SegmentedControl
                  size="xs"
                  value={a.mark ?? ""}
                  data={[{ value: "", label: "—" }, ...MARKS]}
                  onChange={(v) => mark.mutate({ action: i, value: v ? (v as ActionMark) : null })}
                  data-testid={`mark-${inject.number}-${i}`}
                />
              </Group>
            ))}
          </Stack>
        )}
        {inject.facilitator_notes && (
          // A note, not an alert: a screen reader must not announce every inject's notes at once.
          <Paper
            role="note"
            aria-label="Facilitator only"
            bg="var(--mantine-color-grape-light)"
            p="sm"
            radius="sm"
            data-testid="facilitator-notes"
          >
            <Group gap={6} mb={4} wrap="nowrap">
              <IconEyeOff size={16} aria-hidden />
              <Text size="sm" fw={600}>
                Facilitator only: never shown to the room
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {inject.facilitator_notes}
            </Text>
          </Paper>
        )}
        {inject.tests && (
          <Text size="xs" c="dimmed">
            Tests: {inject.tests}
          </Text>
        )}
        <NotesBox exerciseId={id} inject={inject.number} />
        {(reveal.error ?? mark.error) && (
          <Text c="red" size="sm">
            {errorMessage(reveal.error ?? mark.error)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
