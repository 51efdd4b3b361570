import {
  Button,
  Card,
  Collapse,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { IconChevronDown, IconChevronUp } from "@tabler/icons-react";
import { useState } from "react";
import type { Phase, Playbook, PlaybookStep } from "../../bindings";
import { CommandError } from "../../lib/errors";
import { usePlanTemplates } from "../../lib/queries/plans";
import { AddButton, at, RemoveButton, SectionHead, without, type Errors } from "./ListEditor";

export const PHASES: { value: Phase; label: string }[] = [
  { value: "detect_analyse", label: "Detect & analyse" },
  { value: "contain", label: "Contain" },
  { value: "eradicate", label: "Eradicate" },
  { value: "recover", label: "Recover" },
  { value: "post_incident", label: "Post-incident" },
];

type PlaybooksProps = {
  value: Playbook[];
  onChange: (v: Playbook[]) => void;
  errors: Errors;
  roles: string[];
  /** Adds a template's playbook with all its steps (the backend has the template's text). */
  onAddFromTemplate: (template: string) => Promise<void>;
  canAdd: boolean;
};

export function PlaybooksSection({
  value,
  onChange,
  errors,
  roles,
  onAddFromTemplate,
  canAdd,
}: PlaybooksProps) {
  const templates = usePlanTemplates();
  const [adding, setAdding] = useState<string | null>(null);
  const available = (templates.data ?? []).filter(
    (t) => t.kind === "playbook" && !value.some((p) => p.incident_type === t.name),
  );
  const [addError, setAddError] = useState<string | null>(null);
  const addFromTemplate = (name: string) => {
    setAdding(name);
    setAddError(null);
    onAddFromTemplate(name)
      .catch((e: unknown) => setAddError(CommandError.from(e).message))
      .finally(() => setAdding(null));
  };
  return (
    <Stack gap="md">
      <SectionHead
        title="Playbooks"
        hint="Per incident type: the steps by phase, who owns each, and what evidence to keep."
        action={
          <Group gap="xs">
            <Select
              aria-label="Add a playbook from a template"
              placeholder="Add playbook from template…"
              data={available.map((t) => ({ value: t.name, label: t.title }))}
              value={adding}
              onChange={(v) => v && addFromTemplate(v)}
              disabled={!canAdd || adding !== null}
              error={addError}
              size="xs"
              w={240}
              data-testid="add-playbook"
            />
          </Group>
        }
      />
      {value.length === 0 && (
        <Text c="dimmed" size="sm">
          No playbooks yet: add one from a template above.
        </Text>
      )}
      {value.map((p, i) => (
        <PlaybookCard
          key={`${p.incident_type}-${i}`}
          index={i}
          startOpen={value.length === 1}
          playbook={p}
          roles={roles}
          errors={errors}
          onChange={(next) => onChange(at(value, i, next))}
          onRemove={() => onChange(without(value, i))}
        />
      ))}
    </Stack>
  );
}

type CardProps = {
  index: number;
  startOpen: boolean;
  playbook: Playbook;
  roles: string[];
  errors: Errors;
  onChange: (p: Playbook) => void;
  onRemove: () => void;
};

function PlaybookCard({
  index,
  startOpen,
  playbook: p,
  roles,
  errors,
  onChange,
  onRemove,
}: CardProps) {
  const err = (f: string) => errors[`playbooks.${index}.${f}`];
  const hasError = Object.keys(errors).some((k) => k.startsWith(`playbooks.${index}.`));
  const [opened, setOpened] = useState(startOpen);
  const open = opened || hasError;
  const steps = p.steps.map((s, j) => ({ s, j }));
  const setStep = (j: number, patch: Partial<PlaybookStep>) =>
    onChange({ ...p, steps: at(p.steps, j, { ...p.steps[j]!, ...patch }) });
  const addStep = (phase: Phase) => {
    // After the phase's last step, so the list stays in phase order.
    const last = p.steps.map((s) => s.phase).lastIndexOf(phase);
    const at = last === -1 ? p.steps.length : last + 1;
    const step: PlaybookStep = { phase, action: "", owner: roles[0] ?? "", evidence: "" };
    onChange({ ...p, steps: [...p.steps.slice(0, at), step, ...p.steps.slice(at)] });
  };
  return (
    <Card withBorder padding="md" data-item={index} data-testid="playbook">
      <Group align="flex-start" wrap="nowrap">
        <SimpleGrid cols={2} style={{ flex: 1 }}>
          <TextInput
            label="Playbook"
            value={p.name}
            onChange={(e) => onChange({ ...p, name: e.currentTarget.value })}
            error={err("name")}
          />
          <TextInput
            label="Summary"
            value={p.summary}
            onChange={(e) => onChange({ ...p, summary: e.currentTarget.value })}
            error={err("summary")}
          />
        </SimpleGrid>
        <Button
          variant="subtle"
          size="xs"
          mt={24}
          onClick={() => setOpened((o) => !o)}
          aria-expanded={open}
          rightSection={open ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
        >
          {p.steps.length} {p.steps.length === 1 ? "step" : "steps"}
        </Button>
        <RemoveButton label={`Remove playbook ${p.name}`} onClick={onRemove} />
      </Group>
      <Collapse in={open}>
        {err("steps") && (
          <Text size="sm" c="red" mt={4}>
            {err("steps")}
          </Text>
        )}
        {PHASES.map((phase) => {
          const inPhase = steps.filter(({ s }) => s.phase === phase.value);
          return (
            <div key={phase.value}>
              <Group justify="space-between" mt="sm" mb={4}>
                <Text size="sm" fw={600}>
                  {phase.label}{" "}
                  <Text span size="xs" c="dimmed">
                    {inPhase.length} {inPhase.length === 1 ? "step" : "steps"}
                  </Text>
                </Text>
                <AddButton label="Add step" onClick={() => addStep(phase.value)} />
              </Group>
              <Stack gap={4}>
                {inPhase.map(({ s, j }) => (
                  <Group
                    key={j}
                    gap="xs"
                    wrap="nowrap"
                    align="flex-start"
                    data-testid="playbook-step"
                  >
                    <Textarea
                      aria-label="Action"
                      placeholder="Action"
                      value={s.action}
                      onChange={(e) => setStep(j, { action: e.currentTarget.value })}
                      error={err(`steps.${j}.action`)}
                      autosize
                      minRows={1}
                      size="xs"
                      style={{ flex: 2 }}
                    />
                    <Select
                      aria-label="Owner role"
                      data={[...new Set([...roles, ...(s.owner ? [s.owner] : [])])]}
                      value={s.owner || null}
                      onChange={(o) => o && setStep(j, { owner: o })}
                      allowDeselect={false}
                      error={err(`steps.${j}.owner`)}
                      size="xs"
                      w={190}
                    />
                    <Textarea
                      aria-label="Evidence"
                      placeholder="Evidence to keep"
                      value={s.evidence}
                      onChange={(e) => setStep(j, { evidence: e.currentTarget.value })}
                      error={err(`steps.${j}.evidence`)}
                      autosize
                      minRows={1}
                      size="xs"
                      style={{ flex: 1.5 }}
                    />
                    <RemoveButton
                      label="Remove step"
                      onClick={() => onChange({ ...p, steps: without(p.steps, j) })}
                    />
                  </Group>
                ))}
              </Stack>
            </div>
          );
        })}
      </Collapse>
    </Card>
  );
}
