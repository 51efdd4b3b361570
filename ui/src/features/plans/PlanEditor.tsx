import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  List,
  Loader,
  Modal,
  NavLink,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconCheck, IconGitCompare, IconInfoCircle } from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Plan, PlanInput } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { CommandError, errorMessage, fieldErrorMap, sentence } from "../../lib/errors";
import { useApprovePlan, usePlanDiff, useRefreshAfterPlanWrite } from "../../lib/queries/plans";
import { ExportPdfButton } from "../../components/ExportPdfButton";
import { ReviewSection } from "./ReviewSection";
import { formatDate } from "../../lib/dates";
import {
  CommunicationSection,
  ContactsSection,
  EscalationSection,
  RolesSection,
  SeveritySection,
} from "./sections";
import { PlaybooksSection } from "./PlaybooksSection";
import type { Errors } from "./ListEditor";

export const PLAN_SECTIONS = [
  ["roles", "Roles"],
  ["contacts", "Contacts"],
  ["communication", "Communication"],
  ["escalation", "Escalation"],
  ["severity", "Severity"],
  ["playbooks", "Playbooks"],
  ["review", "Review"],
] as const;
export type PlanSectionId = (typeof PLAN_SECTIONS)[number][0];

/** Where a link asks the editor to open; `seq` changes with every new link. */
export type PlanFocus = { seq: number; section?: string; item: number | null };

/** How long typing must pause before the draft is saved. */
export const AUTOSAVE_MS = 600;

export function toPlanInput(p: Plan): PlanInput {
  return {
    title: p.title,
    roles: p.roles,
    contacts: p.contacts,
    communication: p.communication,
    escalation: p.escalation,
    severity: p.severity,
    playbooks: p.playbooks,
    review_interval_months: p.review_interval_months,
  };
}

function isSection(s: string | undefined): s is PlanSectionId {
  return PLAN_SECTIONS.some(([id]) => id === s);
}

type SaveState = "saved" | "pending" | "saving" | "error";

/** Edits autosave into the draft. Saving an approved version makes the backend start the
 * next draft; the editor then follows that draft (and says so). */
function useAutosave(initial: Plan, onNewDraft: (from: Plan, to: Plan) => void) {
  const [plan, setPlan] = useState(initial);
  const [input, setInput] = useState(() => toPlanInput(initial));
  const [state, setState] = useState<SaveState>("saved");
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = useRefreshAfterPlanWrite();
  const latest = useRef(input);
  const planRef = useRef(initial);
  const saving = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flushRef = useRef<() => Promise<void>>(() => Promise.resolve());
  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), AUTOSAVE_MS);
  }, []);

  const flush = useCallback(async () => {
    timer.current = undefined;
    if (saving.current) return;
    saving.current = true;
    setState("saving");
    const sent = latest.current;
    const from = planRef.current;
    try {
      const saved = await unwrap(commands.updatePlan(from.id, sent));
      planRef.current = saved;
      setPlan(saved);
      setErrors({});
      setProblem(null);
      if (saved.id !== from.id) onNewDraft(from, saved);
      void refresh(saved);
      setState(latest.current === sent ? "saved" : "pending");
    } catch (e) {
      const error = CommandError.from(e);
      setErrors(error.code === "invalid_input" ? fieldErrorMap(error.fields) : {});
      setProblem(
        error.code === "invalid_input"
          ? "Not saved yet: fix the marked fields and the draft saves itself."
          : `Not saved: ${sentence(error.message)}`,
      );
      setState("error");
    } finally {
      saving.current = false;
    }
    // Edits made while the save was on its way go out next.
    if (latest.current !== sent) schedule();
  }, [onNewDraft, refresh, schedule]);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);

  // Leaving the editor (another tab, back to the list) saves what is still waiting.
  useEffect(
    () => () => {
      if (timer.current !== undefined) {
        clearTimeout(timer.current);
        void flushRef.current();
      }
    },
    [],
  );

  const edit = useCallback(
    (change: (input: PlanInput) => PlanInput) => {
      const next = change(latest.current);
      latest.current = next;
      setInput(next);
      setState("pending");
      schedule();
    },
    [schedule],
  );

  const replacePlan = useCallback((p: Plan) => {
    planRef.current = p;
    setPlan(p);
  }, []);

  /** Takes a plan the backend changed on its own (a playbook added from a template). */
  const adopt = useCallback(
    (saved: Plan) => {
      const from = planRef.current;
      planRef.current = saved;
      setPlan(saved);
      const next = toPlanInput(saved);
      latest.current = next;
      setInput(next);
      setErrors({});
      setProblem(null);
      setState("saved");
      if (saved.id !== from.id) onNewDraft(from, saved);
      void refresh(saved);
    },
    [onNewDraft, refresh],
  );

  return { plan, input, edit, state, errors, problem, replacePlan, adopt };
}

type Props = { initial: Plan; approvedId: string | null; focus: PlanFocus };

export function PlanEditor({ initial, approvedId: initialApprovedId, focus }: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const [approvedId, setApprovedId] = useState(initialApprovedId);
  const onNewDraft = useCallback((from: Plan, to: Plan) => {
    setApprovedId(from.id);
    setNotice(
      `v${from.version} is approved and stays as it was; your edits started draft v${to.version}. Approve it when it is ready.`,
    );
  }, []);
  const { plan, input, edit, state, errors, problem, replacePlan, adopt } = useAutosave(
    initial,
    onNewDraft,
  );
  const [section, setSection] = useState<{ seq: number; id: PlanSectionId }>({
    seq: focus.seq,
    id: isSection(focus.section) ? focus.section : "roles",
  });
  if (section.seq !== focus.seq) {
    setSection({ seq: focus.seq, id: isSection(focus.section) ? focus.section : section.id });
  }
  const [approving, setApproving] = useState(false);
  const [showDiff, setShowDiff] = useState(false);

  // A link to one item (a role, an escalation level) scrolls to it and puts focus inside.
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus.item === null) return;
    const el = body.current?.querySelector<HTMLElement>(`[data-item="${focus.item}"]`);
    el?.scrollIntoView?.({ block: "center" });
    el?.querySelector<HTMLElement>("input, textarea")?.focus({ preventScroll: true });
  }, [focus.seq, focus.item]);

  const roleNames = input.roles.map((r) => r.name).filter(Boolean);
  const levelNames = input.severity.levels.map((l) => l.name).filter(Boolean);
  const diffFrom = plan.status === "draft" ? approvedId : null;

  return (
    <Stack gap="md" data-testid="plan-editor" data-plan-id={plan.id}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <Title order={2} size="h3">
            {input.title || "Incident response plan"}
          </Title>
          <Badge
            size="lg"
            variant="light"
            color={plan.status === "approved" ? "green" : "gray"}
            style={{ textTransform: "none", flex: "none", minWidth: "max-content" }}
            data-testid="plan-version"
            data-status={plan.status}
          >
            v{plan.version}{" "}
            {plan.status === "approved"
              ? "Approved"
              : plan.status === "draft"
                ? "Draft"
                : "Superseded"}
          </Badge>
          <SaveStatus state={state} />
        </Group>
        <Group gap="xs" wrap="nowrap">
          {diffFrom && (
            <Button
              variant={showDiff ? "light" : "default"}
              leftSection={<IconGitCompare size={16} />}
              onClick={() => setShowDiff((s) => !s)}
              aria-pressed={showDiff}
            >
              Changes since approved
            </Button>
          )}
          <ExportPdfButton
            target={{ kind: "plan", planId: plan.id, title: `${input.title} v${plan.version}` }}
          />
          <Button
            leftSection={<IconCheck size={16} />}
            disabled={plan.status !== "draft" || state !== "saved"}
            onClick={() => setApproving(true)}
            data-testid="approve-plan"
            title={
              plan.status !== "draft"
                ? "Only a draft can be approved; edit the plan to start one"
                : state !== "saved"
                  ? "Wait for the draft to save"
                  : undefined
            }
          >
            Approve
          </Button>
        </Group>
      </Group>
      {plan.approval && plan.status === "approved" && (
        <Text size="sm" c="dimmed" mt={-8}>
          Approved by {plan.approval.by} on {formatDate(plan.approval.at)}
          {plan.approval.note ? ` — ${plan.approval.note}` : ""}. Editing starts the next draft.
        </Text>
      )}
      {notice && (
        <Alert
          icon={<IconInfoCircle size={16} />}
          color="blue"
          withCloseButton
          onClose={() => setNotice(null)}
          data-testid="new-draft-notice"
        >
          {notice}
        </Alert>
      )}
      {problem && (
        <Alert color={Object.keys(errors).length ? "orange" : "red"} role="alert">
          {problem}
          {Object.keys(errors).length > 0 && (
            <List size="sm" mt={4}>
              {Object.entries(errors).map(([path, message]) => (
                <List.Item key={path}>
                  <Text span size="sm" c="dimmed">
                    {readablePath(path)}:
                  </Text>{" "}
                  {message}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {showDiff && diffFrom && <DiffPanel fromId={diffFrom} plan={plan} />}

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 2 }}>
          <nav aria-label="Plan sections" style={{ position: "sticky", top: 70 }}>
            {PLAN_SECTIONS.map(([id, label]) => (
              <NavLink
                key={id}
                component="button"
                label={label}
                active={section.id === id}
                aria-current={section.id === id ? "true" : undefined}
                onClick={() => setSection((s) => ({ ...s, id }))}
                rightSection={
                  Object.keys(errors).some((p) => p.startsWith(`${id}.`)) ? (
                    <Badge size="xs" color="orange" variant="filled" circle>
                      !
                    </Badge>
                  ) : null
                }
                data-testid={`plan-section-${id}`}
              />
            ))}
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 10 }} ref={body}>
          {section.id === "roles" && (
            <RolesSection
              value={input.roles}
              onChange={(roles) => edit((i) => ({ ...i, roles }))}
              errors={errors}
            />
          )}
          {section.id === "contacts" && (
            <ContactsSection
              value={input.contacts}
              onChange={(contacts) => edit((i) => ({ ...i, contacts }))}
              errors={errors}
            />
          )}
          {section.id === "communication" && (
            <CommunicationSection
              value={input.communication}
              onChange={(communication) => edit((i) => ({ ...i, communication }))}
              errors={errors}
              roles={roleNames}
              levels={levelNames}
            />
          )}
          {section.id === "escalation" && (
            <EscalationSection
              value={input.escalation}
              onChange={(escalation) => edit((i) => ({ ...i, escalation }))}
              errors={errors}
              levels={levelNames}
            />
          )}
          {section.id === "severity" && (
            <SeveritySection
              value={input.severity}
              onChange={(severity) => edit((i) => ({ ...i, severity }))}
              errors={errors}
            />
          )}
          {section.id === "playbooks" && (
            <PlaybooksSection
              value={input.playbooks}
              onChange={(playbooks) => edit((i) => ({ ...i, playbooks }))}
              errors={errors}
              roles={roleNames}
              // The backend copies the template's steps; wait for pending edits to land first.
              canAdd={state === "saved"}
              onAddFromTemplate={async (template) =>
                adopt(await unwrap(commands.addPlaybookFromTemplate(plan.id, template)))
              }
            />
          )}
          {section.id === "review" && (
            <ReviewSection
              plan={plan}
              months={input.review_interval_months}
              onMonths={(m) => edit((i) => ({ ...i, review_interval_months: m }))}
              errors={errors}
              onRecorded={replacePlan}
            />
          )}
        </Grid.Col>
      </Grid>

      <ApproveDialog
        plan={plan}
        opened={approving}
        onClose={() => setApproving(false)}
        onApproved={(p) => {
          replacePlan(p);
          setApprovedId(p.id);
          setShowDiff(false);
          setNotice(null);
          setApproving(false);
        }}
      />
    </Stack>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const text = {
    saved: "Saved",
    pending: "Unsaved changes…",
    saving: "Saving…",
    error: "Not saved",
  }[state];
  return (
    <Group gap={4} wrap="nowrap" aria-live="polite">
      {state === "saving" && <Loader size={12} />}
      <Text
        size="sm"
        c={state === "error" ? "red" : "dimmed"}
        data-testid="plan-saved"
        data-state={state}
      >
        {text}
      </Text>
    </Group>
  );
}

function DiffPanel({ fromId, plan }: { fromId: string; plan: Plan }) {
  const diff = usePlanDiff(fromId, plan.id, plan.updated_at);
  return (
    <Card withBorder padding="md" data-testid="plan-diff">
      <Text fw={600} size="sm" mb={6}>
        Changes in draft v{plan.version} against the approved version
      </Text>
      {diff.isPending && <Loader size="xs" aria-label="Comparing" />}
      {diff.isError && <Text c="red">{errorMessage(diff.error)}</Text>}
      {diff.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          No changes yet.
        </Text>
      )}
      {diff.data && diff.data.length > 0 && (
        <List size="sm" spacing={2}>
          {diff.data.map((c, i) => (
            <List.Item key={i}>
              <Badge
                size="xs"
                variant="light"
                color="gray"
                mr={6}
                style={{ textTransform: "none" }}
              >
                {c.section}
              </Badge>
              {c.text}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

type ApproveProps = {
  plan: Plan;
  opened: boolean;
  onClose: () => void;
  onApproved: (p: Plan) => void;
};

function ApproveDialog({ plan, opened, onClose, onApproved }: ApproveProps) {
  const [approver, setApprover] = useState("");
  const [note, setNote] = useState("");
  const approve = useApprovePlan();
  const fields = approve.error ? fieldErrorMap(CommandError.from(approve.error).fields) : {};
  return (
    <Modal
      opened={opened}
      onClose={() => {
        approve.reset();
        onClose();
      }}
      title={`Approve v${plan.version}`}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          approve.mutate({ id: plan.id, approver, note }, { onSuccess: onApproved });
        }}
      >
        <Stack>
          <Text size="sm">
            The approved version is the one in force; the previous approved version is kept as
            superseded. Later edits start a new draft.
          </Text>
          <TextInput
            label="Approved by"
            description="The person at the client who signs the plan off"
            value={approver}
            onChange={(e) => setApprover(e.currentTarget.value)}
            error={fields.approver}
            data-autofocus
            data-testid="approver-input"
          />
          <Textarea
            label="Note"
            description="Optional: what was agreed, or what changed"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          {approve.isError && !fields.approver && (
            <Alert color="red" title="Not approved">
              {errorMessage(approve.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={approve.isPending} data-testid="confirm-approve">
              Approve v{plan.version}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** `escalation.2.after_minutes` → "Escalation 3, after minutes": where to look, in words. */
export function readablePath(path: string): string {
  const parts = path.split(".").map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p));
  const [head = "", ...rest] = parts;
  const words = [head.charAt(0).toUpperCase() + head.slice(1), ...rest].join(" ");
  return words.replace(/_/g, " ").replace(/ (\d+) ([a-z])/g, " $1, $2");
}
