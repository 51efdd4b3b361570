import {
  Button,
  Drawer,
  Group,
  MultiSelect,
  Select,
  Stack,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState } from "react";
import type { IncidentView } from "../../bindings";
import { useAssetList } from "../../lib/queries/assets";
import { useClientList } from "../../lib/queries/clients";
import { usePlan, usePlanList } from "../../lib/queries/plans";
import { fromLocalInput, nowLocalInput } from "./format";
import { incidentTypeLabel } from "../../lib/labels";
import { useIncidentTypes, useOpenIncident } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";
import { visible } from "../../components/UserText";

type Props = {
  opened: boolean;
  onClose: () => void;
  /** The client, when opened from its page; otherwise the form asks. */
  clientId?: string | null;
  onOpened: (view: IncidentView) => void;
};

/** The new-incident form, in a drawer. Only the type and title are needed to start; every
 * other field can follow once the response is under way. */
export function NewIncidentDrawer({ opened, onClose, clientId, onOpened }: Props) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title="New incident"
      data-testid="new-incident-drawer"
    >
      {opened && <NewIncidentForm fixedClient={clientId ?? null} onOpened={onOpened} />}
    </Drawer>
  );
}

function NewIncidentForm({
  fixedClient,
  onOpened,
}: {
  fixedClient: string | null;
  onOpened: (view: IncidentView) => void;
}) {
  const clients = useClientList("", false);
  const [clientId, setClientId] = useState<string | null>(fixedClient);
  const [form, setForm] = useState({
    incident_type: null as string | null,
    title: "",
    description: "",
    detected: nowLocalInput(),
    reported_by: "",
    assets: [] as string[],
    scope: null as string | null,
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const types = useIncidentTypes(clientId);
  const assets = useAssetList(clientId ?? "");
  const plans = usePlanList(clientId ?? "");
  const current =
    plans.data?.find((p) => p.status === "approved") ??
    plans.data?.find((p) => p.status === "draft");
  const plan = usePlan(current?.id ?? null);
  const open = useOpenIncident(clientId ?? "");
  const narrowest = plan.data?.severity.scopes[0] ?? null;
  const { fields, rest } = formErrors(open.error);
  const [clientError, setClientError] = useState<string | null>(null);

  const submit = () => {
    if (!clientId) {
      setClientError("Pick the client this incident is for");
      return;
    }
    open.mutate(
      {
        incident_type: form.incident_type ?? "",
        title: form.title,
        description: form.description,
        detected_at: fromLocalInput(form.detected) ?? new Date().toISOString(),
        reported_by: form.reported_by,
        affected_assets: form.assets,
        scope: form.scope ?? "",
      },
      { onSuccess: onOpened },
    );
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="sm">
        {!fixedClient && (
          <Select
            label="Client"
            required
            searchable
            data={(clients.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            value={clientId}
            onChange={(v) => {
              setClientId(v);
              setClientError(null);
              set({ assets: [], scope: null, incident_type: null });
            }}
            error={clientError ?? fields.client_id}
            data-testid="new-incident-client"
          />
        )}
        <Select
          label="Type"
          required
          searchable
          placeholder={clientId ? "Pick a type" : "Pick the client first"}
          disabled={!clientId}
          data={(types.data ?? []).map((t) => ({
            value: t.key,
            label: t.has_playbook
              ? `${incidentTypeLabel(t.key)} (playbook)`
              : incidentTypeLabel(t.key),
          }))}
          value={form.incident_type}
          onChange={(v) => set({ incident_type: v })}
          error={fields.incident_type}
          data-testid="new-incident-type"
        />
        <TextInput
          label="Title"
          required
          placeholder="What is happening, in a few words"
          value={form.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={fields.title}
          data-testid="new-incident-title"
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={form.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={fields.description}
          data-testid="new-incident-description"
        />
        <Group grow align="flex-start">
          <TextInput
            label="Detected at"
            type="datetime-local"
            value={form.detected}
            onChange={(e) => set({ detected: e.currentTarget.value })}
            error={fields.detected_at}
            data-testid="new-incident-detected"
          />
          <TextInput
            label="Reported by"
            value={form.reported_by}
            onChange={(e) => set({ reported_by: e.currentTarget.value })}
            error={fields.reported_by}
            data-testid="new-incident-reported-by"
          />
        </Group>
        <MultiSelect
          label="Affected assets"
          placeholder={clientId ? "Pick the systems hit" : "Pick the client first"}
          disabled={!clientId}
          searchable
          data={(assets.data ?? []).map((a) => ({
            value: a.id,
            label: visible(`${a.name} (crit. ${a.criticality})`),
          }))}
          value={form.assets}
          onChange={(v) => set({ assets: v })}
          error={fields.affected_assets}
          data-testid="new-incident-assets"
        />
        <Select
          label="Scope"
          description={
            !clientId
              ? "From the plan's severity matrix"
              : form.scope
                ? "How far it reaches: with the affected assets it decides the severity"
                : narrowest
                  ? `Not picked: Cordon will use the narrowest, “${narrowest}”. Pick another if it reaches further.`
                  : "The plan has no severity matrix: no scope to pick"
          }
          placeholder="Pick how far it reaches"
          clearable
          disabled={!clientId}
          data={plan.data?.severity.scopes ?? []}
          value={form.scope}
          onChange={(v) => set({ scope: v })}
          error={fields.scope}
          data-testid="new-incident-scope"
        />
        <FormError message={rest()} />
        <Group justify="flex-end">
          <Button type="submit" loading={open.isPending} data-testid="new-incident-submit">
            Open incident
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
