import type { Filter, PickedFile } from "../bindings";
import { commands, unwrap } from "./api";

/**
 * The native open dialog for one file, opened by the shell: the page gets the file's name,
 * size and a `pick` token to hand to the command that reads it, never its path. Null when the
 * user cancels. Save dialogs are opened by the export commands themselves.
 */
export async function chooseFile(title: string, filter?: Filter): Promise<PickedFile | null> {
  return unwrap(commands.chooseFile(title, filter ?? null));
}

/** A file name made of a record's name: lower case, words joined by hyphens. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
