import {
  Autocomplete,
  Button,
  Card,
  Group,
  NativeSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ExerciseView, LogKind, Participant } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { clockText, peopleOf } from "./format";
import { exerciseKeys } from "../../lib/queryKeys";
import { useExerciseChange } from "../../lib/queries/exercises";
import { autosaveLabel, useAutosave } from "./useAutosave";
import { UserText, visible } from "../../components/UserText";

/** Who is in the room and which plan role each plays; roles are picked from the plan version
 * rehearsed (a free label such as "Observer" is allowed too). */
export function Participants({ view }: { view: ExerciseView }) {
  const id = view.exercise.id;
  const [rows, setRows] = useState<Participant[]>(view.exercise.participants);
  const save = useExerciseChange((p: Participant[]) => commands.setExerciseParticipants(id, p));
  // Saved as typed; a row still without a name is left out until it has one.
  const named = rows.filter((r) => r.name.trim());
  const autosave = useAutosave(named, async (p) => {
    await save.mutateAsync(p);
  });
  const set = (i: number, patch: Partial<Participant>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const roleNames = [...new Set(view.plan_roles.map((r) => r.name).filter((n) => n.trim()))];
  // Everyone the plan names for a role and who is not yet listed, with that role.
  const fromPlan = view.plan_roles
    .filter((r) => r.primary.trim() && !rows.some((p) => p.name === r.primary))
    .map((r) => ({ name: r.primary, role: r.name }));
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Participants
        </Title>
        {rows.map((p, i) => (
          <Group key={i} grow>
            <TextInput
              aria-label={`Participant ${i + 1} name`}
              placeholder="Name"
              value={p.name}
              onChange={(e) => set(i, { name: e.currentTarget.value })}
              onBlur={() => void autosave.flush()}
            />
            <Autocomplete
              aria-label={`Participant ${i + 1} plan role`}
              placeholder={
                roleNames.length ? "Pick a plan role or type one" : "Role (e.g. Observer)"
              }
              data={roleNames}
              value={p.role}
              onChange={(v) => set(i, { role: v })}
              onBlur={() => void autosave.flush()}
            />
          </Group>
        ))}
        <Group>
          <Button variant="default" onClick={() => setRows([...rows, { name: "", role: "" }])}>
            Add participant
          </Button>
          {fromPlan.length > 0 && (
            <Button
              variant="default"
              onClick={() => setRows([...rows.filter((r) => r.name.trim()), ...fromPlan])}
              data-testid="participants-from-plan"
            >
              Add the plan&apos;s role holders ({fromPlan.length})
            </Button>
          )}
          <Text size="xs" c="dimmed" aria-live="polite" data-testid="participants-saved">
            {autosaveLabel(autosave.state)}
          </Text>
        </Group>
        {save.error && (
          <Text c="red" size="sm">
            {errorMessage(save.error)}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** The running log, oldest first, with a line to record a decision or observation. */
export function LogPanel({ view }: { view: ExerciseView }) {
  const id = view.exercise.id;
  const queries = useQueryClient();
  const [kind, setKind] = useState<LogKind>("decision");
  const [who, setWho] = useState("");
  // "" follows the inject on the room's screen; "general" is a note about no inject.
  const [about, setAbout] = useState("");
  const inject = about === "general" ? null : about ? Number(about) : view.current;
  const revealed = view.revealed
    .map((n) => view.exercise.injects.find((i) => i.number === n))
    .filter((i) => i !== undefined);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    try {
      await unwrap(commands.addExerciseLog(id, { inject, kind, who: who.trim(), text }));
      // Each line is usually someone else's: a kept name would run into the next one typed.
      setText("");
      setWho("");
      setError(null);
      await queries.invalidateQueries({ queryKey: exerciseKeys.detail(id) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card withBorder padding="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Running log
        </Title>
        <Group align="flex-end" wrap="nowrap">
          <Select
            label="Kind"
            w={150}
            value={kind}
            allowDeselect={false}
            data={[
              { value: "decision", label: "Decision" },
              { value: "observation", label: "Observation" },
            ]}
            onChange={(v) => setKind((v as LogKind | null) ?? "decision")}
          />
          <NativeSelect
            label="About"
            w={220}
            value={about}
            data-testid="log-inject"
            data={[
              {
                value: "",
                label: view.current ? `On screen now (#${view.current})` : "On screen now (none)",
              },
              ...revealed.map((i) => ({
                value: String(i.number),
                label: visible(`#${i.number} ${i.title}`),
              })),
              { value: "general", label: "General (no inject)" },
            ]}
            onChange={(e) => setAbout(e.currentTarget.value)}
          />
          <Autocomplete
            label="Who"
            w={180}
            data={peopleOf(view)}
            value={who}
            onChange={setWho}
            data-testid="log-who"
          />
          <TextInput
            label="What was decided or seen"
            style={{ flex: 1 }}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") void add();
            }}
            error={error}
            data-testid="log-text"
          />
          <Button onClick={() => void add()} data-testid="log-add">
            Record
          </Button>
        </Group>
        <Table data-testid="exercise-log">
          <Table.Tbody>
            {view.log.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Td ff="monospace" w={90}>
                  {clockText(l.elapsed_seconds)}
                </Table.Td>
                <Table.Td w={110}>{l.kind === "decision" ? "Decision" : "Observation"}</Table.Td>
                <Table.Td w={70}>{l.inject ? `#${l.inject}` : ""}</Table.Td>
                <Table.Td w={140}>
                  <UserText>{l.who}</UserText>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "pre-wrap" }}>
                  <UserText>{l.text}</UserText>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {view.log.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing recorded yet.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
