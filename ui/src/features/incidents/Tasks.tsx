import { Checkbox, Stack, Text, Title } from "@mantine/core";
import type { IncidentView, Phase, Task } from "../../bindings";
import { commands } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { PLAYBOOK_PHASES, when } from "./format";
import { useIncidentChange } from "../../lib/queries/incidents";

/** The playbook's steps for this incident, grouped by phase, each one checkbox away. */
export function Tasks({ view }: { view: IncidentView }) {
  const id = view.incident.id;
  const toggle = useIncidentChange((a: { task: number; done: boolean }) =>
    commands.setTaskDone(id, a.task, a.done),
  );
  const tasks = view.incident.tasks;
  if (tasks.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No tasks: the plan has no playbook for this incident type. Add one to the plan and the next
        incident of this type gets its steps as tasks.
      </Text>
    );
  }
  const groups = new Map<Phase, Task[]>();
  for (const t of tasks) groups.set(t.phase, [...(groups.get(t.phase) ?? []), t]);
  const done = tasks.filter((t) => t.done_at).length;
  return (
    <Stack gap="sm" data-testid="tasks">
      <Text size="sm" c="dimmed">
        {done} of {tasks.length} done
      </Text>
      {[...groups].map(([phase, list]) => (
        <Stack key={phase} gap={6}>
          <Title order={3} size="h6">
            {PLAYBOOK_PHASES[phase]}
          </Title>
          {list.map((t) => (
            <Checkbox
              key={t.index}
              checked={t.done_at !== null}
              disabled={toggle.isPending && toggle.variables?.task === t.index}
              onChange={(e) => toggle.mutate({ task: t.index, done: e.currentTarget.checked })}
              data-testid="task"
              label={<Text size="sm">{t.action}</Text>}
              description={[
                t.assignee ? `${t.owner_role}: ${t.assignee}` : t.owner_role,
                t.evidence ? `evidence: ${t.evidence}` : null,
                t.done_at ? `done ${when(t.done_at)} by ${t.done_by}` : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            />
          ))}
        </Stack>
      ))}
      {toggle.isError && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(toggle.error)}
        </Text>
      )}
    </Stack>
  );
}
