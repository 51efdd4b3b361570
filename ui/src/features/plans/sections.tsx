import {
  Autocomplete,
  Button,
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
} from "@mantine/core";
import type {
  ChannelKind,
  ChannelUse,
  ContactChannel,
  Communication,
  Contact,
  ContactKind,
  EscalationLevel,
  Role,
  SeverityMatrix,
} from "../../bindings";
import {
  AddButton,
  at,
  ListCards,
  ListRows,
  MoveButtons,
  RemoveButton,
  SectionHead,
  without,
  move,
  type Errors,
} from "./ListEditor";

// ---------------------------------------------------------------- Roles

type RolesProps = { value: Role[]; onChange: (v: Role[]) => void; errors: Errors };

export function RolesSection({ value, onChange, errors }: RolesProps) {
  return (
    <ListCards
      title="Roles"
      hint="Who does what in an incident, and who steps in when they cannot be reached."
      testId="role-row"
      items={value}
      onChange={onChange}
      blank={() => ({ name: "", duties: [""], primary: "", backup: "" })}
      addLabel="Add role"
      removeLabel={(r) => `Remove role ${r.name}`}
      below={({ value: r, index: i, patch }) => (
        <>
          <Text size="sm" fw={500} mt="xs">
            Duties
          </Text>
          <ListRows
            items={r.duties}
            onChange={(duties) => patch({ duties })}
            blank={() => ""}
            addLabel="Add duty"
            removeLabel={() => "Remove duty"}
            align="center"
          >
            {({ value: d, index: j, set }) => (
              <TextInput
                aria-label={`Duty ${j + 1}`}
                value={d}
                onChange={(e) => set(e.currentTarget.value)}
                error={errors[`roles.${i}.duties.${j}`]}
                style={{ flex: 1 }}
                size="xs"
              />
            )}
          </ListRows>
        </>
      )}
    >
      {({ value: r, index: i, patch }) => (
        <SimpleGrid cols={3} style={{ flex: 1 }}>
          <TextInput
            label="Role"
            value={r.name}
            onChange={(e) => patch({ name: e.currentTarget.value })}
            error={errors[`roles.${i}.name`]}
          />
          <TextInput
            label="Primary"
            value={r.primary}
            onChange={(e) => patch({ primary: e.currentTarget.value })}
            error={errors[`roles.${i}.primary`]}
          />
          <TextInput
            label="Backup"
            value={r.backup}
            onChange={(e) => patch({ backup: e.currentTarget.value })}
            error={errors[`roles.${i}.backup`]}
          />
        </SimpleGrid>
      )}
    </ListCards>
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
    <ListCards
      title="Contacts"
      hint="Everyone the response may need to reach, with a channel that works when email does not."
      testId="plan-contact-row"
      items={value}
      onChange={onChange}
      blank={(): Contact => ({
        name: "",
        kind: "client",
        organisation: "",
        role: "",
        channels: [{ kind: "phone", value: "" }],
        last_verified: null,
      })}
      addLabel="Add contact"
      removeLabel={(c) => `Remove contact ${c.name}`}
      below={({ value: c, index: i, patch }) => {
        const err = (f: string) => errors[`contacts.${i}.${f}`];
        return (
          <>
            <Stack gap={4} mt="xs">
              <ListRows
                items={c.channels}
                onChange={(channels) => patch({ channels })}
                blank={(): ContactChannel => ({ kind: "phone", value: "" })}
                addLabel="Add channel"
                removeLabel={() => "Remove channel"}
              >
                {({ value: ch, index: j, patch: patchChannel }) => (
                  <>
                    <Select
                      aria-label="Channel kind"
                      data={CHANNEL_KINDS}
                      value={ch.kind}
                      onChange={(k) => k && patchChannel({ kind: k as ChannelKind })}
                      allowDeselect={false}
                      size="xs"
                      w={170}
                    />
                    <TextInput
                      aria-label="Number, address or handle"
                      placeholder="Number, address or handle"
                      value={ch.value}
                      onChange={(e) => patchChannel({ value: e.currentTarget.value })}
                      error={err(`channels.${j}.value`)}
                      size="xs"
                      style={{ flex: 1 }}
                    />
                  </>
                )}
              </ListRows>
              {err("channels") && (
                <Text size="xs" c="red">
                  {err("channels")}
                </Text>
              )}
            </Stack>
            <Group gap="xs" mt="xs" align="flex-end">
              <TextInput
                type="date"
                label="Last verified"
                size="xs"
                value={c.last_verified ?? ""}
                onChange={(e) => patch({ last_verified: e.currentTarget.value || null })}
                error={err("last_verified")}
                w={170}
              />
              <Button variant="light" size="xs" onClick={() => patch({ last_verified: today() })}>
                Verified today
              </Button>
            </Group>
          </>
        );
      }}
    >
      {({ value: c, index: i, patch }) => {
        const err = (f: string) => errors[`contacts.${i}.${f}`];
        return (
          <SimpleGrid cols={2} spacing="sm" verticalSpacing={6} style={{ flex: 1 }}>
            <TextInput
              label="Name"
              value={c.name}
              onChange={(e) => patch({ name: e.currentTarget.value })}
              error={err("name")}
            />
            <Select
              label="Kind"
              data={CONTACT_KINDS}
              value={c.kind}
              onChange={(k) => k && patch({ kind: k as ContactKind })}
              allowDeselect={false}
              error={err("kind")}
            />
            <TextInput
              label="Organisation"
              value={c.organisation}
              onChange={(e) => patch({ organisation: e.currentTarget.value })}
              error={err("organisation")}
            />
            <TextInput
              label="Role"
              value={c.role}
              onChange={(e) => patch({ role: e.currentTarget.value })}
              error={err("role")}
            />
          </SimpleGrid>
        );
      }}
    </ListCards>
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
        <ListRows
          linkable
          items={value.channels}
          onChange={(channels) => set({ channels })}
          blank={(): ChannelUse => ({ purpose: "", channel: "phone" })}
          addLabel="Add channel"
          removeLabel={() => "Remove channel"}
        >
          {({ value: c, index: i, patch }) => (
            <>
              <TextInput
                aria-label="Purpose"
                placeholder="Purpose (response bridge, status updates)"
                value={c.purpose}
                onChange={(e) => patch({ purpose: e.currentTarget.value })}
                error={err(`channels.${i}.purpose`)}
                style={{ flex: 1 }}
              />
              <Select
                aria-label="Channel"
                data={CHANNEL_KINDS}
                value={c.channel}
                onChange={(k) => k && patch({ channel: k as ChannelKind })}
                allowDeselect={false}
                w={190}
              />
            </>
          )}
        </ListRows>
      </div>
      <div>
        <Text size="sm" fw={500}>
          Update cadence
        </Text>
        <ListRows
          items={value.cadence}
          onChange={(cadence) => set({ cadence })}
          blank={() => ({ level: levels[0] ?? "", every_minutes: 60 })}
          addLabel="Add cadence"
          removeLabel={() => "Remove cadence"}
        >
          {({ value: c, index: i, patch }) => (
            <>
              <Select
                aria-label="Severity level"
                data={levels}
                value={c.level}
                onChange={(l) => l && patch({ level: l })}
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
                onChange={(m) => patch({ every_minutes: Number(m) || 0 })}
                error={err(`cadence.${i}.every_minutes`)}
                w={110}
              />
              <Text size="sm" pt={6}>
                minutes
              </Text>
            </>
          )}
        </ListRows>
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
          <AddButton
            big
            label="Add level"
            onClick={() => onChange([...value, { who: "", severity: null, after_minutes: null }])}
          />
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
                    <MoveButtons
                      index={i}
                      count={value.length}
                      onMove={(by) => onChange(move(value, i, by))}
                    />
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
        <ListRows
          items={value.levels}
          onChange={(levels) => set({ levels })}
          blank={() => ({ name: `SEV${value.levels.length + 1}`, description: "" })}
          addLabel="Add level"
          removeLabel={(l) => `Remove level ${l.name}`}
        >
          {({ value: l, index: i, patch }) => (
            <>
              <TextInput
                aria-label={`Level ${i + 1} name`}
                value={l.name}
                onChange={(e) => patch({ name: e.currentTarget.value })}
                error={err(`levels.${i}.name`)}
                w={110}
              />
              <TextInput
                aria-label={`Level ${i + 1} description`}
                value={l.description}
                onChange={(e) => patch({ description: e.currentTarget.value })}
                error={err(`levels.${i}.description`)}
                style={{ flex: 1 }}
              />
            </>
          )}
        </ListRows>
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
        <AddButton
          big
          label="Add impact row"
          onClick={() =>
            set({
              impacts: [...value.impacts, ""],
              cells: [
                ...value.cells,
                value.scopes.map(() => ({ level: levelNames.at(-1) ?? "", criterion: "" })),
              ],
            })
          }
        />
        <AddButton
          big
          label="Add scope column"
          onClick={() =>
            set({
              scopes: [...value.scopes, ""],
              cells: value.cells.map((row) => [
                ...row,
                { level: levelNames.at(-1) ?? "", criterion: "" },
              ]),
            })
          }
        />
      </Group>
    </Stack>
  );
}
