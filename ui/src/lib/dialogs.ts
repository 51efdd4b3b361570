import { open, save } from "@tauri-apps/plugin-dialog";

/** The native open dialog for one file; null when the user cancels. */
export async function pickFile(title: string): Promise<string | null> {
  const picked = await open({ title, multiple: false, directory: false });
  return typeof picked === "string" ? picked : null;
}

/** The native save dialog; null when the user cancels. */
export async function pickSavePath(
  title: string,
  defaultPath: string,
  filter?: { name: string; extensions: string[] },
): Promise<string | null> {
  const path = await save({ title, defaultPath, filters: filter ? [filter] : undefined });
  return path ?? null;
}

/** A file name made of a record's name: lower case, words joined by hyphens. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
