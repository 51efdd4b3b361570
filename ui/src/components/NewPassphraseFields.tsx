import { PasswordInput, Progress, Stack, Text } from "@mantine/core";
import { passphraseStrength } from "../lib/passphrase";

type Props = {
  value: string;
  confirm: string;
  onChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  errors: { next?: string; confirm?: string };
  label?: string;
  autoFocus?: boolean;
};

const COLOURS = ["red", "orange", "yellow", "green"] as const;

/** A new passphrase typed twice, with a strength hint under the first field. */
export function NewPassphraseFields(props: Props) {
  const { value, confirm, onChange, onConfirmChange, errors, label, autoFocus } = props;
  const strength = passphraseStrength(value);
  return (
    <Stack gap="xs">
      <PasswordInput
        label={label ?? "Passphrase"}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={errors.next}
        // PasswordInput does not set this itself, unlike TextInput.
        aria-invalid={!!errors.next}
        autoComplete="new-password"
        data-testid="unlock-passphrase"
        data-autofocus={autoFocus || undefined}
        autoFocus={autoFocus}
        required
      />
      {value.length > 0 && (
        <div aria-live="polite">
          <Progress
            value={((strength.score + 1) / 4) * 100}
            color={COLOURS[strength.score]}
            size="xs"
            aria-label={`Passphrase strength: ${strength.label}`}
          />
          <Text size="xs" c="dimmed" mt={4}>
            {strength.label}. {strength.hint}
          </Text>
        </div>
      )}
      <PasswordInput
        label="Type it again"
        value={confirm}
        onChange={(e) => onConfirmChange(e.currentTarget.value)}
        error={errors.confirm}
        aria-invalid={!!errors.confirm}
        autoComplete="new-password"
        data-testid="passphrase-confirm"
        required
      />
    </Stack>
  );
}
