import { Alert, Button, Group, List, Stack } from "@mantine/core";
import { CommandError, sentence } from "../lib/errors";

type Props = {
  /** The last save's error, if any. */
  problem: CommandError | null;
  /** Tells whether the form shows an input for a field path; other field errors go here. */
  hasInput: (field: string) => boolean;
  /** "client", "asset" …: the alert says "The client was not saved". */
  noun: string;
  saving: boolean;
  saveLabel: string;
  saveTestId: string;
  onCancel: () => void;
};

/** The sticky bottom of an edit form: errors that have no input to sit under, then
 * Cancel and Save. Shared so every form reports a failed save the same way. */
export function FormFooter({
  problem,
  hasInput,
  noun,
  saving,
  saveLabel,
  saveTestId,
  onCancel,
}: Props) {
  const unplaced = problem?.fields.filter((f) => !hasInput(f.field)) ?? [];
  const showAlert = problem && (problem.code !== "invalid_input" || unplaced.length > 0);
  return (
    <Stack
      gap="sm"
      pos="sticky"
      bottom={0}
      py="sm"
      bg="var(--mantine-color-body)"
      style={{ borderTop: "1px solid var(--mantine-color-default-border)", zIndex: 1 }}
    >
      {showAlert && (
        <Alert color="red" title={`The ${noun} was not saved`}>
          {problem.code === "invalid_input" ? (
            <List size="sm">
              {unplaced.map((f) => (
                <List.Item key={f.field + f.message}>{sentence(f.message)}</List.Item>
              ))}
            </List>
          ) : (
            sentence(problem.message)
          )}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" loading={saving} data-testid={saveTestId}>
          {saveLabel}
        </Button>
      </Group>
    </Stack>
  );
}
