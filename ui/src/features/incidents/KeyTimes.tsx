import { Button, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { IncidentMetrics, IncidentView, KeyTimes as Times } from "../../bindings";
import { commands } from "../../lib/api";
import { duration, fromLocalInput, toLocalInput } from "./format";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

const FIELDS: { key: keyof Times; label: string }[] = [
  { key: "first_malicious_activity", label: "First malicious activity" },
  { key: "detected", label: "Detected" },
  { key: "reported", label: "Reported" },
  { key: "contained", label: "Contained" },
  { key: "eradicated", label: "Eradicated" },
  { key: "recovered", label: "Recovered" },
  { key: "closed", label: "Closed" },
];

const METRICS: { key: keyof IncidentMetrics; label: string; hint: string }[] = [
  { key: "dwell_time", label: "Dwell time", hint: "first malicious activity → contained" },
  { key: "time_to_detect", label: "TTD", hint: "first malicious activity → detected" },
  { key: "time_to_report", label: "Time to report", hint: "detected → reported" },
  { key: "time_to_contain", label: "TTC", hint: "detected → contained" },
  { key: "time_to_recover", label: "TTR", hint: "detected → recovered" },
];

/** The moments the metrics are measured between, and the metrics. Moving the phase fills
 * contained/eradicated/recovered/closed; this corrects them. */
export function KeyTimes({ view }: { view: IncidentView }) {
  const t = view.incident.key_times;
  const initial = Object.fromEntries(FIELDS.map((f) => [f.key, toLocalInput(t[f.key])]));
  const [form, setForm] = useState<Record<string, string>>(initial);
  const save = useIncidentChange((times: Times) => commands.setKeyTimes(view.incident.id, times));
  const { fields, rest } = formErrors(save.error);
  const dirty = FIELDS.some((f) => form[f.key] !== initial[f.key]);
  const submit = () => {
    const v = (k: keyof Times) => fromLocalInput(form[k] ?? "");
    save.mutate({
      first_malicious_activity: v("first_malicious_activity"),
      detected: v("detected") ?? t.detected,
      reported: v("reported"),
      contained: v("contained"),
      eradicated: v("eradicated"),
      recovered: v("recovered"),
      closed: v("closed"),
    });
  };
  return (
    <Stack gap="sm" data-testid="key-times">
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="xs">
        {METRICS.map((m) => (
          <Stack key={m.key} gap={0} title={m.hint}>
            <Text size="xs" c="dimmed">
              {m.label}
            </Text>
            <Text fw={700} data-testid={`metric-${m.key}`}>
              {duration(view.metrics[m.key])}
            </Text>
          </Stack>
        ))}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        {FIELDS.map((f) => (
          <TextInput
            key={f.key}
            size="xs"
            type="datetime-local"
            label={f.label}
            value={form[f.key] ?? ""}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setForm((x) => ({ ...x, [f.key]: value }));
            }}
            error={fields[f.key]}
          />
        ))}
      </SimpleGrid>
      <FormError message={rest()} />
      <Group justify="flex-end">
        <Button size="xs" disabled={!dirty} loading={save.isPending} onClick={submit}>
          Save key times
        </Button>
      </Group>
    </Stack>
  );
}
