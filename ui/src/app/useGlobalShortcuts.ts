import { useEffect } from "react";
import { SECTIONS, type SectionId } from "./sections";

/** How long after "g" the second key of a "g then key" sequence is awaited. */
const SEQUENCE_MS = 1500;

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Section shortcuts for the whole shell: Alt+1..7 anywhere, "g" then a section's key when
 * not typing, and "?" for the list of shortcuts. Listens in the capture phase so that the
 * second key of a "g" sequence never also reaches a screen's own shortcuts ("g" "n" must not
 * open a new client). */
export function useGlobalShortcuts(go: (section: SectionId) => void, showHelp: () => void) {
  useEffect(() => {
    let awaitingSecond = 0;

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.isComposing) return;
      // e.code, not e.key: on macOS Alt+1 types "¡".
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      if (e.altKey && digit) {
        const section = SECTIONS[Number(digit) - 1];
        if (section) {
          e.preventDefault();
          go(section.id);
        }
        return;
      }
      if (e.altKey || isTyping(e.target)) return;

      if (Date.now() < awaitingSecond) {
        awaitingSecond = 0;
        const section = SECTIONS.find((s) => s.key === e.key.toLowerCase());
        e.preventDefault();
        e.stopImmediatePropagation();
        if (section) go(section.id);
        return;
      }
      if (e.key === "g") {
        awaitingSecond = Date.now() + SEQUENCE_MS;
      } else if (e.key === "?") {
        e.preventDefault();
        showHelp();
      }
    };

    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [go, showHelp]);
}
