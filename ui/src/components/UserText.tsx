import { Fragment, type ReactNode } from "react";

/** Characters that change how the text around them is drawn or that do not print: bidi
 * overrides and isolates, directional marks, and C0/C1 controls (tab and newline excepted). */
const RANGES =
  "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069";
const CONTROL_CLASS = new RegExp(`[${RANGES}]`);
const CONTROL = new RegExp(`[${RANGES}]`, "g");

const marker = (c: string) =>
  `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟩`;

/** `text` with each control character written out as a small ⟨U+202E⟩ instead of acting:
 * for places that take a plain string (a select's options, a title attribute). */
export function visible(text: string): string {
  return text.replace(CONTROL, marker);
}

/** Text a user typed, as it is shown anywhere: isolated (<bdi>) so a right-to-left override in
 * it cannot reorder what follows, and with its control characters visible, not acting. */
export function UserText({ children }: { children: string | null | undefined }) {
  const text = children ?? "";
  if (!CONTROL_CLASS.test(text)) return <bdi>{text}</bdi>;
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(CONTROL)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(
      <span
        key={m.index}
        className="control-char"
        title="A control character, shown instead of acting on the text"
        style={{ fontSize: "0.75em", color: "var(--mantine-color-orange-8)" }}
      >
        {marker(m[0])}
      </span>,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <bdi>{parts}</bdi>;
}

/** Parts of a line (user text among them) joined by a separator; empty parts are left out. */
export function Joined({ parts, sep = "  ·  " }: { parts: ReactNode[]; sep?: string }) {
  const shown = parts.filter((p) => p !== null && p !== undefined && p !== false && p !== "");
  return (
    <>
      {shown.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && sep}
          {p}
        </Fragment>
      ))}
    </>
  );
}
