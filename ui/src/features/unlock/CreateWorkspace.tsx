import { Alert, Button, Code, Stack, Text } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { commands, unwrap } from "../../lib/api";
import { CommandError, errorMessage } from "../../lib/errors";
import { GateLayout } from "./GateLayout";
import { NewPassphraseFields } from "../../components/NewPassphraseFields";
import { checkNewPassphrase } from "../../lib/passphrase";
import { useWorkspaceMutation } from "../../lib/queries/workspace";

type Props = { dataDir: string; keychainAvailable: boolean };

/** First run: make the encrypted database, with its key in the keychain or behind a passphrase. */
export function CreateWorkspace({ dataDir, keychainAvailable }: Props) {
  const [usePassphrase, setUsePassphrase] = useState(!keychainAvailable);
  const create = useWorkspaceMutation((passphrase: string | null) =>
    unwrap(commands.createWorkspace(passphrase)),
  );
  // The backend's own verdict on a passphrase belongs under the passphrase field.
  const weak = create.error && CommandError.from(create.error).code === "weak_passphrase";

  return (
    <GateLayout title="Create your encrypted workspace">
      <Text size="sm">
        Everything Cordon stores about your clients is encrypted on this computer. The database will
        live in <Code>{dataDir}</Code>.
      </Text>
      {create.isError && !weak && (
        <Alert color="red" title="The workspace was not created">
          {errorMessage(create.error)}
        </Alert>
      )}
      {usePassphrase ? (
        <PassphraseForm
          keychainAvailable={keychainAvailable}
          busy={create.isPending}
          rejected={weak ? errorMessage(create.error) : undefined}
          onSubmit={(passphrase) => create.mutate(passphrase)}
          onBack={() => {
            create.reset();
            setUsePassphrase(false);
          }}
        />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            A random key is created and kept in the system keychain, so Cordon opens without a
            passphrase while you are logged in to this computer.
          </Text>
          <Button
            data-testid="create-workspace-keychain"
            loading={create.isPending}
            onClick={() => create.mutate(null)}
            autoFocus
          >
            Create (key kept in the system keychain)
          </Button>
          <Button
            data-testid="create-workspace-passphrase"
            variant="subtle"
            disabled={create.isPending}
            onClick={() => {
              create.reset();
              setUsePassphrase(true);
            }}
          >
            Use a passphrase instead
          </Button>
        </Stack>
      )}
    </GateLayout>
  );
}

type FormProps = {
  keychainAvailable: boolean;
  busy: boolean;
  /** Why the backend refused the passphrase, shown under it. */
  rejected?: string;
  onSubmit: (passphrase: string) => void;
  onBack: () => void;
};

function PassphraseForm({ keychainAvailable, busy, rejected, onSubmit, onBack }: FormProps) {
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<{ next?: string; confirm?: string }>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = checkNewPassphrase(next, confirm);
    setErrors(problems ?? {});
    if (!problems) onSubmit(next);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {keychainAvailable ? (
          <Text size="sm" c="dimmed">
            Cordon will ask for this passphrase each time it starts. Nobody can recover the data
            without it, so keep it in your password manager.
          </Text>
        ) : (
          <Alert color="gray" title="No system keychain was found">
            Cordon cannot keep the key in a keychain on this computer, so it will ask for a
            passphrase each time it starts. Nobody can recover the data without it: keep it in your
            password manager.
          </Alert>
        )}
        <NewPassphraseFields
          value={next}
          confirm={confirm}
          onChange={setNext}
          onConfirmChange={setConfirm}
          errors={{ ...errors, next: errors.next ?? rejected }}
          autoFocus
        />
        <Button type="submit" loading={busy} data-testid="unlock-submit">
          Create workspace
        </Button>
        {keychainAvailable && (
          <Button variant="subtle" onClick={onBack} disabled={busy}>
            Keep the key in the system keychain instead
          </Button>
        )}
      </Stack>
    </form>
  );
}
