import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { errorMessage } from "../../lib/errors";

/** How long typing must pause before an evaluation field is saved; the same reasoning as the
 * notes box: a killed app runs no unload handler, so this pause is all that can be lost. */
export const AUTOSAVE_MS = 400;

export type AutosaveState = "idle" | "saving" | "saved" | "error";

/** Saves `value` when it has stopped changing for `AUTOSAVE_MS`, at once on `flush()` (bind
 * it to blur), and when the page is hidden or the component goes away. A value equal to the
 * last one saved (or the first one seen, which came from the store) is not saved again. A
 * failed save is retried at the next change or flush, and its message is kept for the UI. */
export function useAutosave<T>(value: T, save: (value: T) => Promise<void>) {
  const [state, setState] = useState<AutosaveState>("idle");
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(value);
  const saved = useRef(key);
  const latest = useRef({ key, value });
  const saver = useRef(save);
  // Kept current for the timer, blur and pagehide, which fire between renders.
  useLayoutEffect(() => {
    latest.current = { key, value };
    saver.current = save;
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { key: now, value: v } = latest.current;
    if (now === saved.current) return;
    const before = saved.current;
    saved.current = now;
    setState("saving");
    try {
      await saver.current(v);
      setState("saved");
      setError(null);
    } catch (e) {
      saved.current = before;
      setState("error");
      setError(errorMessage(e));
    }
  }, []);

  useEffect(() => {
    if (key === saved.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_MS);
  }, [key, flush]);

  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener("pagehide", onHide);
    window.addEventListener("beforeunload", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("beforeunload", onHide);
      void flush();
    };
  }, [flush]);

  return { state, error, flush };
}

/** The few words next to an autosaved field. */
export function autosaveLabel(state: AutosaveState): string {
  return state === "saving" ? "Saving…" : state === "saved" ? "Saved" : "";
}
