import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import type { IncidentView, RoleAssignment } from "../../bindings";
import { commands } from "../../lib/api";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

/** Who holds each role in this incident (from the plan at opening; editable). */
export function Roles({ view }: { view: IncidentView }) {
  const id = view.incident.id;
  const [rows, setRows] = useState<RoleAssignment[]>(view.incident.roles);
  const save = useIncidentChange((roles: RoleAssignment[]) => commands.assignRoles(id, roles));
  const { fields, rest } = formErrors(save.error);
  const dirty = JSON.stringify(rows) !== JSON.stringify(view.incident.roles);
  const set = (i: number, patch: Partial<RoleAssignment>) =>
    setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <Stack gap="sm" data-testid="roles">
      <Table fz="sm" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Role</Table.Th>
            <Table.Th>Person</Table.Th>
            <Table.Th>Backup</Table.Th>
            <Table.Th w={36} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label="Role"
                  value={r.role}
                  onChange={(e) => set(i, { role: e.currentTarget.value })}
                  error={fields[`roles.${i}.role`]}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Person for ${r.role}`}
                  value={r.person}
                  onChange={(e) => set(i, { person: e.currentTarget.value })}
                  error={fields[`roles.${i}.person`]}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Backup for ${r.role}`}
                  value={r.backup}
                  onChange={(e) => set(i, { backup: e.currentTarget.value })}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={`Remove ${r.role}`}
                  onClick={() => setRows((x) => x.filter((_, j) => j !== i))}
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No roles: the plan names none. Add who leads, who communicates, who investigates.
        </Text>
      )}
      <FormError message={rest()} />
      <Group justify="space-between">
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => setRows((r) => [...r, { role: "", person: "", backup: "" }])}
        >
          Add role
        </Button>
        <Button
          size="xs"
          disabled={!dirty}
          loading={save.isPending}
          onClick={() => save.mutate(rows)}
        >
          Save roles
        </Button>
      </Group>
    </Stack>
  );
}
