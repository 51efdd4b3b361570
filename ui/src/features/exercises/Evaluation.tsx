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
import { CommandError } from "../../lib/errors";
import { formErrors } from "../../components/FormError";
import { CAPABILITY_LABEL, isCalendarDate, peopleOf, RATINGS, sectionLabel } from "./format";
import { autosaveLabel, useAutosave } from "./useAutosave";
import { exerciseKeys } from "../../lib/queryKeys";
import { useExerciseChange } from "../../lib/queries/exercises";

/** The after-action part: a P/S/M/U rating with its rationale per objective, strengths and
 * areas for improvement, and findings that become change items on the client's plan. */
export function Evaluation({ view }: { view: ExerciseView }) {
  return (
    <Card withBorder padding="md" data-testid="evaluation">
      <Stack gap="md">
        <Title order={2} size="h4">
          Evaluation
        </Title>
        {/* The letters are the HSEEP scale; say what each means before one is picked. */}
        <Text size="sm" c="dimmed" data-testid="rating-legend">
          Rate each objective: {RATINGS.map((r) => r.label.replace(":", " =")).join(" · ")}.
        </Text>
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

const lines = (t: string) =>
  t
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

const sameLines = (a: string[] | undefined, b: string[]) =>
  JSON.stringify(a ?? []) === JSON.stringify(b);

type Draft = { rating: Rating | ""; rationale: string; strengths: string; improvements: string };

/** One objective's evaluation: the rating with its rationale, and what went well and what
 * should go better for it (HSEEP judges each objective on its own). Saved as it is typed,
 * like the notes, so a facilitator writing it up in the room loses nothing to a crash; only
 * the parts that changed are written. A rating waits for its rationale before it is saved. */
function ObjectiveRating({ view, objective }: { view: ExerciseView; objective: Objective }) {
  const id = view.exercise.id;
  const [draft, setDraft] = useState<Draft>({
    rating: objective.rating ?? "",
    rationale: objective.rationale,
    strengths: (objective.strengths ?? []).join("\n"),
    improvements: (objective.improvements ?? []).join("\n"),
  });
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const waitsForWhy = draft.rating !== "" && !draft.rationale.trim();
  const change = useExerciseChange(async (d: Draft) => {
    let outcome: Awaited<ReturnType<typeof commands.rateObjective>> | null = null;
    const rated = (d.rating || null) === objective.rating && d.rationale === objective.rationale;
    if (!rated && !(d.rating && !d.rationale.trim())) {
      outcome = await commands.rateObjective(id, objective.key, d.rating || null, d.rationale);
      if (outcome.status === "error") return outcome;
    }
    const strengths = lines(d.strengths);
    const improvements = lines(d.improvements);
    if (
      !sameLines(objective.strengths, strengths) ||
      !sameLines(objective.improvements, improvements)
    ) {
      outcome = await commands.reviewExerciseObjective(id, objective.key, strengths, improvements);
    }
    return outcome ?? { status: "ok", data: view };
  });
  const autosave = useAutosave(draft, async (d) => {
    await change.mutateAsync(d);
  });
  const { fields, rest } = formErrors(change.error);
  const blur = () => void autosave.flush();
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
          value={draft.rating}
          onChange={(v) => set({ rating: v as Rating | "" })}
          data={[
            { value: "", label: "—" },
            ...RATINGS.map((r) => ({
              value: r.value,
              label: (
                <span title={r.label} aria-label={r.label}>
                  {r.letter}
                </span>
              ),
            })),
          ]}
          aria-label="Rating"
        />
        <Textarea
          style={{ flex: 1 }}
          aria-label="Rationale"
          placeholder="Why this rating: what the team did or missed"
          autosize
          value={draft.rationale}
          onChange={(e) => set({ rationale: e.currentTarget.value })}
          onBlur={blur}
          description={waitsForWhy ? "Say why, and the rating is saved." : undefined}
          error={fields.rationale}
        />
      </Group>
      <Group grow align="flex-start">
        <Textarea
          aria-label={`Strengths: ${objective.key}`}
          placeholder="Strengths for this objective, one per line"
          autosize
          minRows={2}
          value={draft.strengths}
          onChange={(e) => set({ strengths: e.currentTarget.value })}
          onBlur={blur}
          data-testid={`strengths-${objective.key}`}
        />
        <Textarea
          aria-label={`Areas for improvement: ${objective.key}`}
          placeholder="Areas for improvement for this objective, one per line"
          autosize
          minRows={2}
          value={draft.improvements}
          onChange={(e) => set({ improvements: e.currentTarget.value })}
          onBlur={blur}
          data-testid={`improvements-${objective.key}`}
        />
      </Group>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {RATINGS.find((r) => r.value === draft.rating)?.label ?? "Not rated"}
        </Text>
        <Text
          size="xs"
          c="dimmed"
          aria-live="polite"
          data-testid={`evaluation-saved-${objective.key}`}
        >
          {autosaveLabel(autosave.state)}
        </Text>
      </Group>
      {rest() && (
        <Text c="red" size="sm">
          {rest()}
        </Text>
      )}
    </Stack>
  );
}

/** What the executive summary says across objectives; saved as it is typed. */
function Review({ view }: { view: ExerciseView }) {
  const id = view.exercise.id;
  const [draft, setDraft] = useState({
    strengths: view.exercise.strengths.join("\n"),
    improvements: view.exercise.improvements.join("\n"),
  });
  const change = useExerciseChange((d: typeof draft) =>
    commands.setExerciseReview(id, lines(d.strengths), lines(d.improvements)),
  );
  const autosave = useAutosave(draft, async (d) => {
    await change.mutateAsync(d);
  });
  const blur = () => void autosave.flush();
  return (
    <Stack gap="xs">
      <Group grow align="flex-start">
        <Textarea
          label="Overall strengths"
          description="Across objectives, for the executive summary; one per line"
          autosize
          minRows={3}
          value={draft.strengths}
          onChange={(e) => setDraft({ ...draft, strengths: e.currentTarget.value })}
          onBlur={blur}
          data-testid="overall-strengths"
        />
        <Textarea
          label="Overall areas for improvement"
          description="Across objectives, for the executive summary; one per line"
          autosize
          minRows={3}
          value={draft.improvements}
          onChange={(e) => setDraft({ ...draft, improvements: e.currentTarget.value })}
          onBlur={blur}
          data-testid="overall-improvements"
        />
      </Group>
      <Text size="xs" c={autosave.error ? "red" : "dimmed"} aria-live="polite">
        {autosave.error ?? autosaveLabel(autosave.state)}
      </Text>
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
    // A date the backend cannot even read would fail as a malformed call, far from the
    // field; say it here, the way the backend says its own field errors.
    const badDue = input.due !== null && !isCalendarDate(input.due);
    if (badDue) {
      const message = "give the date the change is due, as YYYY-MM-DD (e.g. 2027-01-31)";
      setError(new CommandError("invalid_input", `due: ${message}`, [{ field: "due", message }]));
      return;
    }
    try {
      await unwrap(commands.addExerciseFinding(id, input));
      setInput(EMPTY);
      setError(null);
      await queries.invalidateQueries({ queryKey: exerciseKeys.detail(id) });
      await queries.invalidateQueries({ queryKey: exerciseKeys.allChanges });
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
