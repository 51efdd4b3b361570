import { CommandError } from "./errors";
import type { AppError } from "../bindings";

export { commands } from "../bindings";

/** What each generated command resolves to. Spelled out here (rather than imported) because
 * tauri-specta does not export its Result type in every release. */
export type Outcome<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/** Unwraps a generated command's result, so TanStack Query sees data or a thrown
 * CommandError:
 *
 *   useQuery({ queryKey, queryFn: () => unwrap(commands.getClient(id)) })
 */
export async function unwrap<T>(pending: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch (e) {
    throw CommandError.from(e);
  }
  if (outcome.status === "error") throw CommandError.from(outcome.error);
  return outcome.data;
}
