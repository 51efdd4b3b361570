import {
  Button,
  Group,
  MultiSelect,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState } from "react";
import type { IncidentView } from "../../bindings";
import { commands } from "../../lib/api";
import { useAssetList } from "../../lib/queries/assets";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

/** Title, description, who reported it and internal notes; then the scope (assets and the
 * matrix's scope), which re-computes the severity. */
export function Details({
  view,
  savedAt,
  onSaved,
}: {
  view: IncidentView;
  /** The version of the incident this form last saved, to say "Saved" while it is shown. */
  savedAt: string | null;
  onSaved: (updatedAt: string) => void;
}) {
  const i = view.incident;
  const [form, setForm] = useState({
    title: i.title,
    description: i.description,
    reported_by: i.reported_by,
    internal_notes: i.internal_notes,
  });
  const save = useIncidentChange((f: typeof form) =>
    commands.updateIncidentDetails(i.id, f.title, f.description, f.reported_by, f.internal_notes),
  );
  const { fields, rest } = formErrors(save.error);
  const dirty =
    form.title !== i.title ||
    form.description !== i.description ||
    form.reported_by !== i.reported_by ||
    form.internal_notes !== i.internal_notes;
  return (
    <Stack gap="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // The promise, not mutate's callback: saving remounts this form, which drops those.
          save
            .mutateAsync(form)
            .then((v) => onSaved(v.incident.updated_at))
            .catch(() => {});
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Title"
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
            error={fields.title}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={form.description}
            onChange={(e) => setForm({ ...form, description: e.currentTarget.value })}
            error={fields.description}
          />
          <TextInput
            label="Reported by"
            value={form.reported_by}
            onChange={(e) => setForm({ ...form, reported_by: e.currentTarget.value })}
            error={fields.reported_by}
          />
          <Textarea
            label="Internal notes (never in the client's report)"
            autosize
            minRows={2}
            value={form.internal_notes}
            onChange={(e) => setForm({ ...form, internal_notes: e.currentTarget.value })}
            error={fields.internal_notes}
          />
          <FormError message={rest()} />
          <Group justify="flex-end">
            {savedAt === i.updated_at && !dirty && (
              <Text size="sm" c="dimmed" data-testid="details-saved">
                Saved
              </Text>
            )}
            <Button
              type="submit"
              size="xs"
              disabled={!dirty}
              loading={save.isPending}
              data-testid="save-details"
            >
              Save details
            </Button>
          </Group>
        </Stack>
      </form>
      <Scope view={view} />
    </Stack>
  );
}

function Scope({ view }: { view: IncidentView }) {
  const i = view.incident;
  const assets = useAssetList(i.client_id);
  const [ids, setIds] = useState<string[]>(i.affected_assets);
  const [scope, setScope] = useState<string | null>(i.scope || null);
  const save = useIncidentChange((a: { ids: string[]; scope: string }) =>
    commands.rescopeIncident(i.id, a.ids, a.scope),
  );
  const { fields, rest } = formErrors(save.error);
  const dirty =
    JSON.stringify(ids) !== JSON.stringify(i.affected_assets) || (scope ?? "") !== i.scope;
  return (
    <Stack gap="sm">
      <Text fw={600} size="sm">
        Scope
      </Text>
      <MultiSelect
        label="Affected assets"
        data={(assets.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
        value={ids}
        onChange={setIds}
        searchable
        error={fields.affected_assets ?? fields.assets}
      />
      <Select
        label="Scope (from the plan's severity matrix)"
        data={view.scopes}
        value={scope}
        onChange={setScope}
        clearable
        error={fields.scope}
      />
      <FormError message={rest()} />
      <Group justify="flex-end">
        <Button
          size="xs"
          disabled={!dirty}
          loading={save.isPending}
          onClick={() => save.mutate({ ids, scope: scope ?? "" })}
        >
          Save scope and re-assess severity
        </Button>
      </Group>
    </Stack>
  );
}
