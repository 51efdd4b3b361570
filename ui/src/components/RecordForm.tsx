import { Stack, Title } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { getHotkeyHandler } from "@mantine/hooks";
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { CommandError, fieldErrorMap } from "../lib/errors";

type Save<I, R> = {
  mutate: (
    input: I,
    handlers: { onSuccess: (r: R) => void; onError: (e: unknown) => void },
  ) => void;
};

/** Submitting a record's form: the backend validates, its field messages land under the
 * inputs they are about, and the keyboard goes to the first input that needs attention. */
export function useRecordSubmit<V, I, R>(
  form: UseFormReturnType<V>,
  save: Save<I, R>,
  toInput: (values: V) => I,
  onSaved: (r: R) => void,
) {
  const [problem, setProblem] = useState<CommandError | null>(null);
  const submit = form.onSubmit((values, event) => {
    const formElement = event?.currentTarget;
    setProblem(null);
    save.mutate(toInput(values), {
      onSuccess: onSaved,
      onError: (e) => {
        const error = CommandError.from(e);
        setProblem(error);
        if (error.code === "invalid_input") {
          form.setErrors(fieldErrorMap(error.fields));
          // Centred, so that the sticky Save bar does not cover it.
          requestAnimationFrame(() => {
            const first = formElement?.querySelector<HTMLElement>('[aria-invalid="true"]');
            first?.focus({ preventScroll: true });
            first?.scrollIntoView({ block: "center" });
          });
        }
      },
    });
  });
  return { submit, problem };
}

/** A record's form element: Ctrl+Enter and Ctrl+S save it. */
export function RecordForm({
  onSubmit,
  testId,
  children,
}: {
  onSubmit: (event?: FormEvent<HTMLFormElement>) => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={getHotkeyHandler([
        ["mod+Enter", requestSubmit],
        ["mod+S", requestSubmit],
      ])}
      noValidate
      data-testid={testId}
    >
      {children}
    </form>
  );
}

function requestSubmit(event: KeyboardEvent<HTMLFormElement>) {
  event.preventDefault();
  event.currentTarget.requestSubmit();
}

export function FormSection({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {title}
      </Title>
      {children}
    </Stack>
  );
}
