import {
  Badge,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Stepper,
  Text,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconAdjustments } from "@tabler/icons-react";
import { useState } from "react";
import type { IncidentPhase, IncidentView } from "../../bindings";
import { commands } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { Joined, UserText } from "../../components/UserText";
import { PHASES, phaseLabel, severityColour, typeLabel, when } from "./format";
import { useIncidentChange } from "../../lib/queries/incidents";
import { FormError, formErrors } from "../../components/FormError";

/** Title, client, severity (criterion and basis on hover) and the phase stepper. */
export function IncidentHeader({ view }: { view: IncidentView }) {
  const i = view.incident;
  const [overriding, setOverriding] = useState(false);
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="nowrap">
            <SeverityBadge view={view} />
            <Title order={1} size="h3" data-testid="incident-title" style={{ minWidth: 0 }}>
              <UserText>{i.title}</UserText>
            </Title>
          </Group>
          <Text size="sm" c="dimmed" data-testid="incident-facts">
            <Joined
              parts={[
                <UserText key="client">{view.client_name}</UserText>,
                typeLabel(i.incident_type),
                `detected ${when(i.key_times.detected)}`,
                i.reported_by && (
                  <>
                    reported by <UserText>{i.reported_by}</UserText>
                  </>
                ),
                view.plan_title ? (
                  <>
                    plan: <UserText>{view.plan_title}</UserText>
                  </>
                ) : (
                  "no plan"
                ),
              ]}
            />
          </Text>
          <Text size="sm" c="dimmed" data-testid="incident-affected">
            Affected:{" "}
            {view.affected.length ? (
              <Joined
                sep=", "
                parts={view.affected.map((a) => (
                  <>
                    <UserText>{a.name}</UserText> (crit. {a.criticality})
                  </>
                ))}
              />
            ) : (
              "no asset named yet"
            )}
            {i.scope && (
              <>
                {"  ·  scope: "}
                <UserText>{i.scope}</UserText>
              </>
            )}
          </Text>
          <SeverityWhy view={view} />
        </Stack>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconAdjustments size={14} />}
          onClick={() => setOverriding(true)}
          style={{ flex: "none" }}
          data-testid="override-severity"
        >
          Override severity
        </Button>
      </Group>
      <PhaseStepper view={view} />
      <OverrideModal view={view} opened={overriding} onClose={() => setOverriding(false)} />
    </Stack>
  );
}

/** What decided the severity, on the screen itself: the matrix cell's criterion and the basis
 * (which impact and scope were used), and an override with its reason. */
function SeverityWhy({ view }: { view: IncidentView }) {
  const s = view.incident.severity;
  return (
    <Text size="sm" data-testid="severity-why">
      {s.computed ? (
        <>
          <Text span fw={600} size="sm">
            {s.computed.level}:
          </Text>{" "}
          <UserText>{s.computed.criterion}</UserText> (impact{" "}
          <UserText>{s.computed.impact}</UserText> × scope <UserText>{s.computed.scope}</UserText>)
        </>
      ) : (
        "No severity could be computed: the plan has no usable matrix."
      )}
      {s.basis && (
        <Text span c="dimmed" size="sm">
          {" "}
          · Basis: <UserText>{s.basis}</UserText>
        </Text>
      )}
      {s.overridden && (
        <Text span c="dimmed" size="sm">
          {" "}
          · Overridden to {s.overridden.level} by <UserText>{s.overridden.by}</UserText>:{" "}
          <UserText>{s.overridden.reason}</UserText>
        </Text>
      )}
    </Text>
  );
}

export function SeverityBadge({ view }: { view: IncidentView }) {
  const s = view.incident.severity;
  const level = s.overridden?.level ?? s.computed?.level ?? null;
  const rank = s.overridden?.rank ?? s.computed?.rank ?? null;
  const tip = (
    <Stack gap={2} maw={360}>
      {s.computed ? (
        <Text size="xs">
          Matrix: {s.computed.level} — {s.computed.criterion} (impact {s.computed.impact}, scope{" "}
          {s.computed.scope})
        </Text>
      ) : (
        <Text size="xs">No severity could be computed: the plan has no usable matrix.</Text>
      )}
      {s.basis && <Text size="xs">Basis: {s.basis}</Text>}
      {s.overridden && (
        <Text size="xs">
          Overridden to {s.overridden.level} by {s.overridden.by}: {s.overridden.reason}
        </Text>
      )}
    </Stack>
  );
  return (
    <Tooltip label={tip} multiline withArrow>
      <Badge
        size="xl"
        color={severityColour(rank)}
        variant="filled"
        style={{ flex: "none" }}
        data-testid="severity-badge"
        data-criterion={s.computed?.criterion ?? ""}
      >
        {level ?? "No severity"}
        {s.overridden ? " *" : ""}
      </Badge>
    </Tooltip>
  );
}

function PhaseStepper({ view }: { view: IncidentView }) {
  const id = view.incident.id;
  const current = PHASES.findIndex((p) => p.id === view.incident.phase);
  const [back, setBack] = useState<IncidentPhase | null>(null);
  const move = useIncidentChange((a: { phase: IncidentPhase; reason: string }) =>
    commands.moveIncident(id, a.phase, null, a.reason),
  );
  const go = (index: number) => {
    const target = PHASES[index];
    if (!target || index === current) return;
    if (index < current) setBack(target.id);
    else move.mutate({ phase: target.id, reason: "" });
  };
  return (
    <>
      <Stepper
        active={current}
        onStepClick={go}
        size="sm"
        allowNextStepsSelect
        data-testid="phase-stepper"
      >
        {PHASES.map((p) => (
          <Stepper.Step
            key={p.id}
            label={p.label}
            data-testid={`phase-${p.id}`}
            loading={move.isPending && move.variables?.phase === p.id}
          />
        ))}
      </Stepper>
      {move.isError && !back && (
        <Text size="sm" c="red" role="alert">
          {errorMessage(move.error)}
        </Text>
      )}
      <ReasonModal
        title={back ? `Move back to ${phaseLabel(back)}` : ""}
        label="Why is the incident going back?"
        opened={back !== null}
        onClose={() => setBack(null)}
        busy={move.isPending}
        error={move.error}
        onSubmit={(reason) =>
          back && move.mutate({ phase: back, reason }, { onSuccess: () => setBack(null) })
        }
      />
    </>
  );
}

type ReasonProps = {
  title: string;
  label: string;
  opened: boolean;
  onClose: () => void;
  busy: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
};

function ReasonModal({ title, label, opened, onClose, busy, error, onSubmit }: ReasonProps) {
  const [reason, setReason] = useState("");
  const { fields, rest } = formErrors(error);
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(reason);
        }}
      >
        <Stack>
          <Textarea
            label={label}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields.reason}
            data-autofocus
            data-testid="reason-input"
          />
          <FormError message={rest()} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="reason-submit">
              Confirm
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function OverrideModal({
  view,
  opened,
  onClose,
}: {
  view: IncidentView;
  opened: boolean;
  onClose: () => void;
}) {
  const id = view.incident.id;
  const current = view.incident.severity.overridden?.level ?? null;
  const [level, setLevel] = useState<string | null>(current);
  const [reason, setReason] = useState("");
  const change = useIncidentChange((a: { level: string | null; reason: string }) =>
    commands.overrideSeverity(id, a.level, a.reason),
  );
  const { fields, rest } = formErrors(change.error);
  const submit = (l: string | null) =>
    change.mutate({ level: l, reason }, { onSuccess: () => (setReason(""), onClose()) });
  return (
    <Modal opened={opened} onClose={onClose} title="Override the severity">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit(level);
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            The matrix says {view.incident.severity.computed?.level ?? "nothing"}. An override is
            recorded on the timeline with your reason.
          </Text>
          <Select
            label="Level"
            data={view.severity_levels.map((l) => ({
              value: l.name,
              label: `${l.name} — ${l.description}`,
            }))}
            value={level}
            onChange={setLevel}
            error={fields.level}
            data-testid="override-level"
          />
          <Textarea
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields.reason}
            data-testid="override-reason"
          />
          <FormError message={rest()} />
          <Group justify="space-between">
            {current ? (
              <Button variant="subtle" color="gray" onClick={() => submit(null)}>
                Remove the override
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={change.isPending} data-testid="override-submit">
              Override
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
