import {
  Autocomplete,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  NativeSelect,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ExerciseView, FindingInput, Objective, Rating } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { formErrors } from "../incidents/FormError";
import { CAPABILITY_LABEL, peopleOf, RATINGS, sectionLabel } from "./format";
import { exerciseKeys, useExerciseChange } from "./queries";

/** The after-action part: a P/S/M/U rating with its rationale per objective, strengths and
 * areas for improvement, and findings that become change items on the client's plan. */
export function Evaluation({ view }: { view: ExerciseView }) {
  return (
    <Card withBorder padding="md" data-testid="evaluation">
      <Stack gap="md">
        <Title order={2} size="h4">
          Evaluation
        </Title>
        {view.exercise.objectives.map((o) => (
          <Stack key={o.key} gap="md">
            <ObjectiveRating view={view} objective={o} />
            <Divider />
          </Stack>
        ))}
        <Review view={view} />
        <Findings view={view} />
      </Stack>
    </Card>
  );
}

const lines = (t: string) => t.split("\n").filter((l) => l.trim());

/** One objective's evaluation: the rating with its rationale, and what went well and what
 * should go better for it (HSEEP judges each objective on its own). One Save keeps both. */
function ObjectiveRating({ view, objective }: { view: ExerciseView; objective: Objective }) {
  const id = view.exercise.id;
  const [rating, setRating] = useState<Rating | "">(objective.rating ?? "");
  const [rationale, setRationale] = useState(objective.rationale);
  const [strengths, setStrengths] = useState((objective.strengths ?? []).join("\n"));
  const [improvements, setImprovements] = useState((objective.improvements ?? []).join("\n"));
  const save = useExerciseChange(async () => {
    const rated = await commands.rateObjective(id, objective.key, rating || null, rationale);
    if (rated.status === "error") return rated;
    return commands.reviewExerciseObjective(
      id,
      objective.key,
      lines(strengths),
      lines(improvements),
    );
  });
  const { fields, rest } = formErrors(save.error);
  return (
    <Stack gap={4} data-testid={`objective-${objective.key}`}>
      <Group gap="xs">
        <Text fw={600}>{objective.text}</Text>
        <Badge variant="light" color="gray">
          {CAPABILITY_LABEL[objective.capability]}
        </Badge>
      </Group>
      <Group align="flex-start">
        <SegmentedControl
          value={rating}
          onChange={(v) => setRating(v as Rating | "")}
          data={[
            { value: "", label: "—" },
            ...RATINGS.map((r) => ({ value: r.value, label: r.letter })),
          ]}
          aria-label="Rating"
        />
        <Textarea
          style={{ flex: 1 }}
          aria-label="Rationale"
          placeholder="Why this rating: what the team did or missed"
          autosize
          value={rationale}
          onChange={(e) => setRationale(e.currentTarget.value)}
          error={fields.rationale}
        />
      </Group>
      <Group grow align="flex-start">
        <Textarea
          aria-label={`Strengths: ${objective.key}`}
          placeholder="Strengths for this objective, one per line"
          autosize
          minRows={2}
          value={strengths}
          onChange={(e) => setStrengths(e.currentTarget.value)}
          data-testid={`strengths-${objective.key}`}
        />
        <Textarea
          aria-label={`Areas for improvement: ${objective.key}`}
          placeholder="Areas for improvement for this objective, one per line"
          autosize
          minRows={2}
          value={improvements}
          onChange={(e) => setImprovements(e.currentTarget.value)}
          data-testid={`improvements-${objective.key}`}
        />
      </Group>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {RATINGS.find((r) => r.value === rating)?.label ?? "Not rated"}
        </Text>
        <Group gap="xs">
          {save.isSuccess && <Text size="sm">Saved.</Text>}
          <Button
            variant="default"
            onClick={() => save.mutate(undefined)}
            loading={save.isPending}
            data-testid={`evaluate-${objective.key}`}
          >
            Save evaluation
          </Button>
        </Group>
      </Group>
      {rest() && (
        <Text c="red" size="sm">
          {rest()}
        </Text>
      )}
    </Stack>
  );
}

function Review({ view }: { view: ExerciseView }) {
  const id = view.exercise.id;
  const [strengths, setStrengths] = useState(view.exercise.strengths.join("\n"));
  const [improvements, setImprovements] = useState(view.exercise.improvements.join("\n"));
  const save = useExerciseChange(() =>
    commands.setExerciseReview(id, lines(strengths), lines(improvements)),
  );
  return (
    <Stack gap="xs">
      <Group grow align="flex-start">
        <Textarea
          label="Overall strengths"
          description="Across objectives, for the executive summary; one per line"
          autosize
          minRows={3}
          value={strengths}
          onChange={(e) => setStrengths(e.currentTarget.value)}
        />
        <Textarea
          label="Overall areas for improvement"
          description="Across objectives, for the executive summary; one per line"
          autosize
          minRows={3}
          value={improvements}
          onChange={(e) => setImprovements(e.currentTarget.value)}
        />
      </Group>
      <Group>
        <Button variant="default" onClick={() => save.mutate(undefined)} loading={save.isPending}>
          Save overall strengths and improvements
        </Button>
        {save.isSuccess && <Text size="sm">Saved.</Text>}
      </Group>
    </Stack>
  );
}

const EMPTY: FindingInput = {
  issue: "",
  corrective_action: "",
  owner: "",
  due: null,
  plan_section: "",
  objective: null,
};

function Findings({ view }: { view: ExerciseView }) {
  const id = view.exercise.id;
  const queries = useQueryClient();
  const [input, setInput] = useState<FindingInput>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const { fields, rest } = formErrors(error);
  const add = async () => {
    try {
      await unwrap(commands.addExerciseFinding(id, input));
      setInput(EMPTY);
      setError(null);
      await queries.invalidateQueries({ queryKey: exerciseKeys.detail(id) });
      await queries.invalidateQueries({ queryKey: ["exercises", "changes"] });
    } catch (e) {
      setError(e);
    }
  };
  const set = (patch: Partial<FindingInput>) => setInput({ ...input, ...patch });
  return (
    <Stack gap="xs">
      <Text fw={600}>Findings (each becomes a change item on the client&apos;s plan)</Text>
      {view.exercise.findings.length > 0 && (
        <Table data-testid="findings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Issue</Table.Th>
              <Table.Th>Corrective action</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Plan section</Table.Th>
              <Table.Th>Objective</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.exercise.findings.map((f) => (
              <Table.Tr key={f.plan_change_id}>
                <Table.Td>{f.issue}</Table.Td>
                <Table.Td>{f.corrective_action}</Table.Td>
                <Table.Td>{f.owner}</Table.Td>
                <Table.Td>{f.due ?? ""}</Table.Td>
                <Table.Td>{sectionLabel(f.plan_section)}</Table.Td>
                <Table.Td>{objectiveLabel(view, f.objective)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group grow align="flex-start">
        <TextInput
          label="Issue"
          data-testid="finding-issue"
          value={input.issue}
          error={fields.issue}
          onChange={(e) => set({ issue: e.currentTarget.value })}
        />
        <TextInput
          label="Corrective action"
          data-testid="finding-corrective-action"
          value={input.corrective_action}
          error={fields.corrective_action}
          onChange={(e) => set({ corrective_action: e.currentTarget.value })}
        />
      </Group>
      <Group grow align="flex-start">
        <Autocomplete
          label="Owner"
          placeholder="Who makes the change"
          data-testid="finding-owner"
          data={peopleOf(view)}
          value={input.owner}
          error={fields.owner}
          onChange={(v) => set({ owner: v })}
        />
        <TextInput
          label="Due (YYYY-MM-DD)"
          placeholder="2027-01-31"
          data-testid="finding-due"
          value={input.due ?? ""}
          error={fields.due}
          onChange={(e) => set({ due: e.currentTarget.value || null })}
        />
        <NativeSelect
          label="Plan section"
          data-testid="finding-plan-section"
          value={input.plan_section}
          error={fields.plan_section}
          data={[
            { value: "", label: "Pick the section it changes" },
            ...view.plan_sections.map((s) => ({ value: s, label: sectionLabel(s) })),
          ]}
          onChange={(e) => set({ plan_section: e.currentTarget.value })}
        />
        <NativeSelect
          label="Objective"
          data-testid="finding-objective"
          value={input.objective ?? ""}
          error={fields.objective}
          data={[
            { value: "", label: "None (whole exercise)" },
            ...view.exercise.objectives.map((o) => ({ value: o.key, label: o.text })),
          ]}
          onChange={(e) => set({ objective: e.currentTarget.value || null })}
        />
      </Group>
      <Group>
        <Button variant="default" onClick={() => void add()} data-testid="finding-add">
          Add finding
        </Button>
      </Group>
      {rest() && (
        <Text c="red" size="sm">
          {rest()}
        </Text>
      )}
    </Stack>
  );
}

function objectiveLabel(view: ExerciseView, key: string | null): string {
  const o = view.exercise.objectives.find((x) => x.key === key);
  return o ? CAPABILITY_LABEL[o.capability] : "";
}
