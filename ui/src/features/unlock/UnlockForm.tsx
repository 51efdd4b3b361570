import { Alert, Button, Code, PasswordInput, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { commands, unwrap } from "../../lib/api";
import { CommandError, sentence } from "../../lib/errors";
import { GateLayout } from "./GateLayout";
import { useWorkspaceMutation } from "../../lib/queries/workspace";

type Props = { dataDir: string; reason: string; passphraseNeeded: boolean };

/** The workspace exists but is closed: its key is behind a passphrase, or the user locked it
 * (then a keychain workspace opens with one click: the empty passphrase means "the keychain"). */
export function UnlockForm({ dataDir, reason, passphraseNeeded }: Props) {
  const [passphrase, setPassphrase] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const unlock = useWorkspaceMutation((value: string) => unwrap(commands.unlockWorkspace(value)));

  const error = unlock.error ? CommandError.from(unlock.error) : null;
  const wrong = error?.code === "wrong_passphrase";

  // After a wrong passphrase the field has focus with its text selected, so retyping
  // replaces it (each attempt clears the error first, so this runs every time).
  useEffect(() => {
    if (!wrong) return;
    input.current?.focus();
    input.current?.select();
  }, [wrong]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (passphrase) unlock.mutate(passphrase);
  };

  if (!passphraseNeeded) {
    return (
      <GateLayout title="Cordon is locked">
        <Text size="sm">{reason}</Text>
        {error && (
          <Alert color="red" title="Cordon could not open the workspace">
            {sentence(error.message)}
          </Alert>
        )}
        <Button
          onClick={() => unlock.mutate("")}
          loading={unlock.isPending}
          data-testid="unlock-submit"
          autoFocus
        >
          Unlock
        </Button>
      </GateLayout>
    );
  }

  return (
    <GateLayout title="Unlock your workspace">
      <Text size="sm">{reason}</Text>
      <Text size="xs" c="dimmed">
        Workspace: <Code>{dataDir}</Code>
      </Text>
      {error && !wrong && (
        <Alert color="red" title="Cordon could not open the workspace">
          {sentence(error.message)}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordInput
            ref={input}
            label="Passphrase"
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            error={wrong ? sentence(error.message) : undefined}
            // PasswordInput does not set this itself, unlike TextInput.
            aria-invalid={wrong}
            autoComplete="current-password"
            data-testid="unlock-passphrase"
            autoFocus
            required
          />
          <Button
            type="submit"
            loading={unlock.isPending}
            disabled={!passphrase}
            data-testid="unlock-submit"
          >
            Unlock
          </Button>
        </Stack>
      </form>
    </GateLayout>
  );
}
