import { Text } from "@mantine/core";
import { CommandError, errorMessage, fieldErrorMap } from "../lib/errors";

/** A failed command's field errors for a form, and whatever of it no field shows.
 *
 * `fields` records which keys the form reads while it renders; `rest()`, called below those
 * fields, returns the messages of the others (or the whole message when the error is not about
 * fields), so no error is ever swallowed. `prefix` strips a path the backend puts in front
 * (`review.action_items.0.due` → `action_items.0.due`). */
export function formErrors(error: unknown, prefix = "") {
  const all = error instanceof CommandError ? error.fields : [];
  const map = fieldErrorMap(
    all.map((f) => ({
      ...f,
      field: prefix && f.field.startsWith(prefix) ? f.field.slice(prefix.length) : f.field,
    })),
  );
  const used = new Set<string>();
  const fields = new Proxy(map, {
    get(target, key) {
      if (typeof key !== "string") return undefined;
      used.add(key);
      return target[key];
    },
  });
  const rest = (): string | null => {
    if (!error) return null;
    if (all.length === 0) return errorMessage(error);
    const left = Object.entries(map)
      .filter(([k]) => !used.has(k))
      .map(([, m]) => m);
    return left.length ? left.join(" ") : null;
  };
  return { fields, rest };
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Text size="sm" c="red" role="alert" data-testid="form-error">
      {message}
    </Text>
  );
}
