import {
  ActionIcon,
  Autocomplete,
  Button,
  Card,
  Collapse,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import {
  IconArrowDown,
  IconArrowUp,
  IconChevronDown,
  IconChevronUp,
  IconPlus,
  IconTrash,
} from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import type {
  ChannelKind,
  Communication,
  Contact,
  ContactKind,
  EscalationLevel,
  Phase,
  Playbook,
  PlaybookStep,
  Role,
  SeverityMatrix,
} from "../../bindings";
import { CommandError } from "../../lib/errors";
import { usePlanTemplates } from "../../lib/queries/plans";

export type Errors = Record<string, string>;

const at = <T,>(list: T[], i: number, value: T): T[] => list.map((x, j) => (j === i ? value : x));
const without = <T,>(list: T[], i: number): T[] => list.filter((_, j) => j !== i);
const move = <T,>(list: T[], i: number, by: number): T[] => {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
};

function SectionHead({ title, hint, action }: { title: string; hint: string; action?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end" mb="sm">
      <div>
        <Title order={3} size="h4">
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      </div>
      {action}
    </Group>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" aria-label={label} onClick={onClick}>
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

// ---------------------------------------------------------------- Roles

type RolesProps = { value: Role[]; onChange: (v: Role[]) => void; errors: Errors };

export function RolesSection({ value, onChange, errors }: RolesProps) {
  return (
    <Stack gap="sm">
      <SectionHead
        title="Roles"
        hint="Who does what in an incident, and who steps in when they cannot be reached."
        action={
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              onChange([...value, { name: "", duties: [""], primary: "", backup: "" }])
            }
          >
            Add role
          </Button>
        }
      />
      {value.map((r, i) => {
        const set = (patch: Partial<Role>) => onChange(at(value, i, { ...r, ...patch }));
        return (
          <Card withBorder padding="sm" key={i} data-item={i} data-testid="role-row">
            <Group align="flex-start" wrap="nowrap">
              <SimpleGrid cols={3} style={{ flex: 1 }}>
                <TextInput
                  label="Role"
                  value={r.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                  error={errors[`roles.${i}.name`]}
                />
                <TextInput
                  label="Primary"
                  value={r.primary}
                  onChange={(e) => set({ primary: e.currentTarget.value })}
                  error={errors[`roles.${i}.primary`]}
                />
                <TextInput
                  label="Backup"
                  value={r.backup}
                  onChange={(e) => set({ backup: e.currentTarget.value })}
                  error={errors[`roles.${i}.backup`]}
                />
              </SimpleGrid>
              <RemoveButton
                label={`Remove role ${r.name}`}
                onClick={() => onChange(without(value, i))}
              />
            </Group>
            <Text size="sm" fw={500} mt="xs">
              Duties
            </Text>
            <Stack gap={4}>
              {r.duties.map((d, j) => (
                <Group key={j} gap="xs" wrap="nowrap">
                  <TextInput
                    aria-label={`Duty ${j + 1}`}
                    value={d}
                    onChange={(e) => set({ duties: at(r.duties, j, e.currentTarget.value) })}
                    error={errors[`roles.${i}.duties.${j}`]}
                    style={{ flex: 1 }}
                    size="xs"
                  />
                  <RemoveButton
                    label="Remove duty"
                    onClick={() => set({ duties: without(r.duties, j) })}
                  />
                </Group>
              ))}
              <Button
                variant="subtle"
                size="compact-xs"
                w="fit-content"
                leftSection={<IconPlus size={12} />}
                onClick={() => set({ duties: [...r.duties, ""] })}
              >
                Add duty
              </Button>
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}

// ---------------------------------------------------------------- Contacts

const CONTACT_KINDS: { value: ContactKind; label: string }[] = [
  { value: "msp", label: "MSP" },
  { value: "client", label: "Client" },
  { value: "insurer", label: "Insurer" },
  { value: "legal_counsel", label: "Legal counsel" },
  { value: "forensics", label: "Forensics" },
  { value: "law_enforcement", label: "Law enforcement" },
  { value: "regulator", label: "Regulator" },
  { value: "other_third_party", label: "Other third party" },
];

export const CHANNEL_KINDS: { value: ChannelKind; label: string }[] = [
  { value: "phone", label: "Phone" },
  { value: "email", label: "Email" },
  { value: "secure_messaging", label: "Secure messaging" },
  { value: "out_of_band", label: "Out of band" },
];

const today = () => new Date().toISOString().slice(0, 10);

type ContactsProps = { value: Contact[]; onChange: (v: Contact[]) => void; errors: Errors };

export function ContactsSection({ value, onChange, errors }: ContactsProps) {
  return (
    <Stack gap="sm">
      <SectionHead
        title="Contacts"
        hint="Everyone the response may need to reach, with a channel that works when email does not."
        action={
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              onChange([
                ...value,
                {
                  name: "",
                  kind: "client",
                  organisation: "",
                  role: "",
                  channels: [{ kind: "phone", value: "" }],
                  last_verified: null,
                },
              ])
            }
          >
            Add contact
          </Button>
        }
      />
      {value.map((c, i) => {
        const set = (patch: Partial<Contact>) => onChange(at(value, i, { ...c, ...patch }));
        const err = (f: string) => errors[`contacts.${i}.${f}`];
        return (
          <Card withBorder padding="sm" key={i} data-item={i} data-testid="plan-contact-row">
            <Group align="flex-start" wrap="nowrap">
              <SimpleGrid cols={2} spacing="sm" verticalSpacing={6} style={{ flex: 1 }}>
                <TextInput
                  label="Name"
                  value={c.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                  error={err("name")}
                />
                <Select
                  label="Kind"
                  data={CONTACT_KINDS}
                  value={c.kind}
                  onChange={(k) => k && set({ kind: k as ContactKind })}
                  allowDeselect={false}
                  error={err("kind")}
                />
                <TextInput
                  label="Organisation"
                  value={c.organisation}
                  onChange={(e) => set({ organisation: e.currentTarget.value })}
                  error={err("organisation")}
                />
                <TextInput
                  label="Role"
                  value={c.role}
                  onChange={(e) => set({ role: e.currentTarget.value })}
                  error={err("role")}
                />
              </SimpleGrid>
              <RemoveButton
                label={`Remove contact ${c.name}`}
                onClick={() => onChange(without(value, i))}
              />
            </Group>
            <Stack gap={4} mt="xs">
              {c.channels.map((ch, j) => (
                <Group key={j} gap="xs" wrap="nowrap" align="flex-start">
                  <Select
                    aria-label="Channel kind"
                    data={CHANNEL_KINDS}
                    value={ch.kind}
                    onChange={(k) =>
                      k && set({ channels: at(c.channels, j, { ...ch, kind: k as ChannelKind }) })
                    }
                    allowDeselect={false}
                    size="xs"
                    w={170}
                  />
                  <TextInput
                    aria-label="Number, address or handle"
                    placeholder="Number, address or handle"
                    value={ch.value}
                    onChange={(e) =>
                      set({ channels: at(c.channels, j, { ...ch, value: e.currentTarget.value }) })
                    }
                    error={err(`channels.${j}.value`)}
                    size="xs"
                    style={{ flex: 1 }}
                  />
                  <RemoveButton
                    label="Remove channel"
                    onClick={() => set({ channels: without(c.channels, j) })}
                  />
                </Group>
              ))}
              {err("channels") && (
                <Text size="xs" c="red">
                  {err("channels")}
                </Text>
              )}
              <Group gap="xs">
                <Button
                  variant="subtle"
                  size="compact-xs"
                  leftSection={<IconPlus size={12} />}
                  onClick={() => set({ channels: [...c.channels, { kind: "phone", value: "" }] })}
                >
                  Add channel
                </Button>
              </Group>
            </Stack>
            <Group gap="xs" mt="xs" align="flex-end">
              <TextInput
                type="date"
                label="Last verified"
                size="xs"
                value={c.last_verified ?? ""}
                onChange={(e) => set({ last_verified: e.currentTarget.value || null })}
                error={err("last_verified")}
                w={170}
              />
              <Button variant="light" size="xs" onClick={() => set({ last_verified: today() })}>
                Verified today
              </Button>
            </Group>
          </Card>
        );
      })}
    </Stack>
  );
}

// ---------------------------------------------------------------- Communication

type CommProps = {
  value: Communication;
  onChange: (v: Communication) => void;
  errors: Errors;
  roles: string[];
  levels: string[];
};

export function CommunicationSection({ value, onChange, errors, roles, levels }: CommProps) {
  const set = (patch: Partial<Communication>) => onChange({ ...value, ...patch });
  const err = (f: string) => errors[`communication.${f}`];
  return (
    <Stack gap="md">
      <SectionHead
        title="Communication"
        hint="Which channel for what, how often people hear from you, and who may speak."
      />
      <SimpleGrid cols={2}>
        <Autocomplete
          label="Keeps the client informed"
          data={roles}
          value={value.informs_client}
          onChange={(v) => set({ informs_client: v })}
          error={err("informs_client")}
        />
        <TagsInput
          label="May speak externally"
          description="Press, customers, regulators"
          data={roles}
          value={value.external_speakers}
          onChange={(v) => set({ external_speakers: v })}
          error={err("external_speakers")}
        />
      </SimpleGrid>
      <div>
        <Text size="sm" fw={500}>
          Channels
        </Text>
        <Stack gap={4}>
          {value.channels.map((c, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start" data-item={i}>
              <TextInput
                aria-label="Purpose"
                placeholder="Purpose (response bridge, status updates)"
                value={c.purpose}
                onChange={(e) =>
                  set({ channels: at(value.channels, i, { ...c, purpose: e.currentTarget.value }) })
                }
                error={err(`channels.${i}.purpose`)}
                style={{ flex: 1 }}
              />
              <Select
                aria-label="Channel"
                data={CHANNEL_KINDS}
                value={c.channel}
                onChange={(k) =>
                  k && set({ channels: at(value.channels, i, { ...c, channel: k as ChannelKind }) })
                }
                allowDeselect={false}
                w={190}
              />
              <RemoveButton
                label="Remove channel"
                onClick={() => set({ channels: without(value.channels, i) })}
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="compact-xs"
            w="fit-content"
            leftSection={<IconPlus size={12} />}
            onClick={() =>
              set({ channels: [...value.channels, { purpose: "", channel: "phone" }] })
            }
          >
            Add channel
          </Button>
        </Stack>
      </div>
      <div>
        <Text size="sm" fw={500}>
          Update cadence
        </Text>
        <Stack gap={4}>
          {value.cadence.map((c, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
              <Select
                aria-label="Severity level"
                data={levels}
                value={c.level}
                onChange={(l) => l && set({ cadence: at(value.cadence, i, { ...c, level: l }) })}
                allowDeselect={false}
                w={140}
                error={err(`cadence.${i}.level`)}
              />
              <Text size="sm" pt={6}>
                every
              </Text>
              <NumberInput
                aria-label="Minutes between updates"
                value={c.every_minutes}
                min={1}
                allowDecimal={false}
                onChange={(m) =>
                  set({ cadence: at(value.cadence, i, { ...c, every_minutes: Number(m) || 0 }) })
                }
                error={err(`cadence.${i}.every_minutes`)}
                w={110}
              />
              <Text size="sm" pt={6}>
                minutes
              </Text>
              <RemoveButton
                label="Remove cadence"
                onClick={() => set({ cadence: without(value.cadence, i) })}
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="compact-xs"
            w="fit-content"
            leftSection={<IconPlus size={12} />}
            onClick={() =>
              set({ cadence: [...value.cadence, { level: levels[0] ?? "", every_minutes: 60 }] })
            }
          >
            Add cadence
          </Button>
        </Stack>
      </div>
    </Stack>
  );
}

// ---------------------------------------------------------------- Escalation

type EscProps = {
  value: EscalationLevel[];
  onChange: (v: EscalationLevel[]) => void;
  errors: Errors;
  levels: string[];
};

export function EscalationSection({ value, onChange, errors, levels }: EscProps) {
  return (
    <Stack gap="sm">
      <SectionHead
        title="Escalation"
        hint="In order: each level is called at its severity or worse, or when the incident is not contained after its minutes."
        action={
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...value, { who: "", severity: null, after_minutes: null }])}
          >
            Add level
          </Button>
        }
      />
      <Table withTableBorder verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>Level</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th w={150}>At severity</Table.Th>
            <Table.Th w={170}>Or after (minutes)</Table.Th>
            <Table.Th w={110} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {value.map((l, i) => {
            const set = (patch: Partial<EscalationLevel>) =>
              onChange(at(value, i, { ...l, ...patch }));
            return (
              <Table.Tr
                key={i}
                data-item={i}
                data-testid="escalation-level"
                style={{ verticalAlign: "top" }}
              >
                <Table.Td>
                  <Text fw={600} pt={6}>
                    {i + 1}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Level ${i + 1}: who`}
                    value={l.who}
                    onChange={(e) => set({ who: e.currentTarget.value })}
                    error={errors[`escalation.${i}.who`]}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Level ${i + 1}: severity`}
                    data={levels}
                    value={l.severity}
                    onChange={(s) => set({ severity: s })}
                    clearable
                    placeholder="Any"
                    error={errors[`escalation.${i}.severity`]}
                  />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Level ${i + 1}: minutes`}
                    value={l.after_minutes ?? ""}
                    min={0}
                    allowDecimal={false}
                    allowNegative={false}
                    onChange={(m) => set({ after_minutes: m === "" ? null : Number(m) })}
                    error={errors[`escalation.${i}.after_minutes`]}
                    data-testid="escalation-minutes"
                  />
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label="Move up"
                      disabled={i === 0}
                      onClick={() => onChange(move(value, i, -1))}
                    >
                      <IconArrowUp size={16} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-label="Move down"
                      disabled={i === value.length - 1}
                      onClick={() => onChange(move(value, i, 1))}
                    >
                      <IconArrowDown size={16} />
                    </ActionIcon>
                    <RemoveButton
                      label={`Remove level ${i + 1}`}
                      onClick={() => onChange(without(value, i))}
                    />
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {errors.escalation && (
        <Text size="sm" c="red">
          {errors.escalation}
        </Text>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- Severity

type SevProps = { value: SeverityMatrix; onChange: (v: SeverityMatrix) => void; errors: Errors };

export function SeveritySection({ value, onChange, errors }: SevProps) {
  const set = (patch: Partial<SeverityMatrix>) => onChange({ ...value, ...patch });
  const levelNames = value.levels.map((l) => l.name).filter(Boolean);
  const err = (f: string) => errors[`severity.${f}`];
  return (
    <Stack gap="md">
      <SectionHead
        title="Severity"
        hint="Impact (rows) × scope (columns): each cell gives a level and the reason for it."
      />
      <div>
        <Text size="sm" fw={500}>
          Levels, most severe first
        </Text>
        <Stack gap={4}>
          {value.levels.map((l, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                aria-label={`Level ${i + 1} name`}
                value={l.name}
                onChange={(e) =>
                  set({ levels: at(value.levels, i, { ...l, name: e.currentTarget.value }) })
                }
                error={err(`levels.${i}.name`)}
                w={110}
              />
              <TextInput
                aria-label={`Level ${i + 1} description`}
                value={l.description}
                onChange={(e) =>
                  set({ levels: at(value.levels, i, { ...l, description: e.currentTarget.value }) })
                }
                error={err(`levels.${i}.description`)}
                style={{ flex: 1 }}
              />
              <RemoveButton
                label={`Remove level ${l.name}`}
                onClick={() => set({ levels: without(value.levels, i) })}
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="compact-xs"
            w="fit-content"
            leftSection={<IconPlus size={12} />}
            onClick={() =>
              set({
                levels: [
                  ...value.levels,
                  { name: `SEV${value.levels.length + 1}`, description: "" },
                ],
              })
            }
          >
            Add level
          </Button>
        </Stack>
      </div>
      <div style={{ overflowX: "auto" }}>
        <Table withTableBorder withColumnBorders verticalSpacing={6} data-testid="severity-grid">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ minWidth: 130 }}>Impact ↓ Scope →</Table.Th>
              {value.scopes.map((s, j) => (
                <Table.Th key={j} miw={165}>
                  <Group gap={2} wrap="nowrap">
                    <Textarea
                      aria-label={`Scope ${j + 1}`}
                      value={s}
                      size="xs"
                      autosize
                      minRows={1}
                      onChange={(e) => set({ scopes: at(value.scopes, j, e.currentTarget.value) })}
                      error={err(`scopes.${j}`)}
                      style={{ flex: 1 }}
                    />
                    <RemoveButton
                      label={`Remove scope ${s}`}
                      onClick={() =>
                        set({
                          scopes: without(value.scopes, j),
                          cells: value.cells.map((row) => without(row, j)),
                        })
                      }
                    />
                  </Group>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {value.impacts.map((impact, i) => (
              <Table.Tr key={i} style={{ verticalAlign: "top" }}>
                <Table.Th>
                  <Group gap={2} wrap="nowrap">
                    <TextInput
                      aria-label={`Impact ${i + 1}`}
                      value={impact}
                      size="xs"
                      onChange={(e) =>
                        set({ impacts: at(value.impacts, i, e.currentTarget.value) })
                      }
                      error={err(`impacts.${i}`)}
                      style={{ flex: 1 }}
                    />
                    <RemoveButton
                      label={`Remove impact ${impact}`}
                      onClick={() =>
                        set({ impacts: without(value.impacts, i), cells: without(value.cells, i) })
                      }
                    />
                  </Group>
                </Table.Th>
                {value.scopes.map((scope, j) => {
                  const cell = value.cells[i]?.[j] ?? { level: "", criterion: "" };
                  const setCell = (patch: Partial<typeof cell>) =>
                    set({
                      cells: at(value.cells, i, at(value.cells[i] ?? [], j, { ...cell, ...patch })),
                    });
                  return (
                    <Table.Td key={j}>
                      <Stack gap={4}>
                        <Select
                          aria-label={`${impact} × ${scope}: level`}
                          data={levelNames}
                          value={cell.level || null}
                          onChange={(l) => l && setCell({ level: l })}
                          allowDeselect={false}
                          size="xs"
                          error={err(`cells.${i}.${j}.level`)}
                        />
                        <Textarea
                          aria-label={`${impact} × ${scope}: criterion`}
                          value={cell.criterion}
                          onChange={(e) => setCell({ criterion: e.currentTarget.value })}
                          size="xs"
                          autosize
                          minRows={1}
                          maxRows={7}
                          error={err(`cells.${i}.${j}.criterion`)}
                        />
                      </Stack>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Group gap="xs">
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            set({
              impacts: [...value.impacts, ""],
              cells: [
                ...value.cells,
                value.scopes.map(() => ({ level: levelNames.at(-1) ?? "", criterion: "" })),
              ],
            })
          }
        >
          Add impact row
        </Button>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            set({
              scopes: [...value.scopes, ""],
              cells: value.cells.map((row) => [
                ...row,
                { level: levelNames.at(-1) ?? "", criterion: "" },
              ]),
            })
          }
        >
          Add scope column
        </Button>
      </Group>
    </Stack>
  );
}

// ---------------------------------------------------------------- Playbooks

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
                <Button
                  variant="subtle"
                  size="compact-xs"
                  leftSection={<IconPlus size={12} />}
                  onClick={() => addStep(phase.value)}
                >
                  Add step
                </Button>
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
