import type { AppError, ErrorCode, FieldError } from "../bindings";

/** A failed command, as every query and mutation sees it: the backend's code, its message
 * (written for the user: what is wrong and what to do) and, for invalid input, one entry
 * per field. */
export class CommandError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = "CommandError";
    this.code = code;
    this.fields = fields;
  }

  /** Whatever a command rejected with, as a CommandError. Tauri itself rejects with a bare
   * string when a command is unknown or not allowed, and JS bugs arrive as Error objects. */
  static from(value: unknown): CommandError {
    if (value instanceof CommandError) return value;
    if (isAppError(value)) return new CommandError(value.code, value.message, value.fields ?? []);
    if (value instanceof Error) return new CommandError("internal", value.message);
    if (typeof value === "string") return new CommandError("internal", value);
    return new CommandError("internal", "Cordon's backend gave an unexpected answer.");
  }
}

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).code === "string" &&
    typeof (value as AppError).message === "string"
  );
}

/** The backend writes messages in lower case so the CLI can print "field: message"; on
 * screen they stand alone, so they start with a capital. */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The message to show for any error a hook may hold. */
export function errorMessage(error: unknown): string {
  return sentence(CommandError.from(error).message);
}

/** Field errors keyed by their path; two messages for one field are shown together. */
export function fieldErrorMap(fields: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, message } of fields) {
    const text = sentence(message);
    out[field] = out[field] ? `${out[field]} ${text}` : text;
  }
  return out;
}
