import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState, type FormEvent } from "react";
import type { WorkspaceInfo } from "../../bindings";
import { commands, unwrap } from "../../lib/api";
import { CommandError, sentence } from "../../lib/errors";
import { NewPassphraseFields } from "../../components/NewPassphraseFields";
import { checkNewPassphrase } from "../../lib/passphrase";
import { useWorkspaceMutation } from "../../lib/queries/workspace";

export type KeyChange = "to-passphrase" | "to-keychain" | "change";

type Values = { current: string; next: string };

/** What each change asks for, says, and calls. */
const CHANGES: Record<
  KeyChange,
  {
    title: string;
    explain: string;
    needsCurrent: boolean;
    needsNew: boolean;
    action: string;
    done: string;
    run: (v: Values) => Promise<WorkspaceInfo>;
  }
> = {
  "to-passphrase": {
    title: "Switch to a passphrase",
    explain:
      "The key leaves the system keychain. Cordon will ask for this passphrase each time it starts, and nobody can recover the data without it.",
    needsCurrent: false,
    needsNew: true,
    action: "Switch to passphrase",
    done: "The key is now protected by your passphrase.",
    run: (v) => unwrap(commands.switchToPassphrase(v.next)),
  },
  "to-keychain": {
    title: "Switch to the system keychain",
    explain:
      "Cordon will keep the key in the system keychain and open without asking while you are logged in. Type the current passphrase to confirm.",
    needsCurrent: true,
    needsNew: false,
    action: "Switch to keychain",
    done: "The key is now kept in the system keychain.",
    run: (v) => unwrap(commands.switchToKeychain(v.current)),
  },
  change: {
    title: "Change passphrase",
    explain: "The data stays as it is; only the passphrase that unlocks its key changes.",
    needsCurrent: true,
    needsNew: true,
    action: "Change passphrase",
    done: "Passphrase changed.",
    run: (v) => unwrap(commands.changePassphrase(v.current, v.next)),
  },
};

type Props = { change: KeyChange | null; onClose: () => void };

export function PassphraseDialog({ change, onClose }: Props) {
  return (
    <Modal
      opened={change !== null}
      onClose={onClose}
      title={change ? CHANGES[change].title : ""}
      size="md"
    >
      {/* Keyed so that each opening starts with empty fields. */}
      {change && <DialogBody key={change} change={change} onClose={onClose} />}
    </Modal>
  );
}

function DialogBody({ change, onClose }: { change: KeyChange; onClose: () => void }) {
  const spec = CHANGES[change];
  const [values, setValues] = useState<Values>({ current: "", next: "" });
  const [confirm, setConfirm] = useState("");
  const [problems, setProblems] = useState<{ next?: string; confirm?: string }>({});
  const mutation = useWorkspaceMutation(spec.run);

  const error = mutation.error ? CommandError.from(mutation.error) : null;
  const wrongCurrent = error?.code === "wrong_passphrase";
  const weakNext = error?.code === "weak_passphrase";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = spec.needsNew ? checkNewPassphrase(values.next, confirm) : null;
    setProblems(found ?? {});
    if (found || (spec.needsCurrent && !values.current)) return;
    mutation.mutate(values, {
      onSuccess: () => {
        notifications.show({ message: spec.done, color: "green" });
        onClose();
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{spec.explain}</Text>
        {spec.needsCurrent && (
          <PasswordInput
            label="Current passphrase"
            value={values.current}
            onChange={(e) => setValues({ ...values, current: e.currentTarget.value })}
            error={wrongCurrent ? sentence(error.message) : undefined}
            aria-invalid={wrongCurrent}
            autoComplete="current-password"
            data-autofocus
            required
          />
        )}
        {spec.needsNew && (
          <NewPassphraseFields
            label="New passphrase"
            value={values.next}
            confirm={confirm}
            onChange={(next) => setValues({ ...values, next })}
            onConfirmChange={setConfirm}
            errors={{
              ...problems,
              next: problems.next ?? (weakNext ? sentence(error.message) : undefined),
            }}
            autoFocus={!spec.needsCurrent}
          />
        )}
        {error && !wrongCurrent && !weakNext && (
          <Alert color="red" title="Nothing was changed">
            {sentence(error.message)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {spec.action}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
