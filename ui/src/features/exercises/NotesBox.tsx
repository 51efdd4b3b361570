import { Group, Text, Textarea } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { commands, unwrap } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { exerciseKeys } from "../../lib/queryKeys";

/** How long typing must pause before the new words go to the log. Short on purpose: if the
 * app is killed mid-exercise (a crash, a pulled plug) no unload handler runs, so this pause is
 * all the typing that can be lost; each save is one small append, cheap at this rate. */
export const NOTES_DEBOUNCE_MS = 400;

/** The facilitator's notes on one inject. They save while being typed: a pause appends what
 * was typed since the last save to the running log (the log is append-only, so only the new
 * part goes in), and whatever is pending is flushed when the box goes away or the page is
 * closed or hidden (`pagehide` also fires where `beforeunload` does not, e.g. a webview torn
 * down), and at once when the box loses focus. Drafts are never kept in browser storage:
 * that would put client notes outside the encrypted workspace. */
export function NotesBox({ exerciseId, inject }: { exerciseId: string; inject: number }) {
  const queries = useQueryClient();
  const [text, setText] = useState("");
  const [state, setState] = useState<"idle" | "saving" | "saved" | "error">("idle");
  const [error, setError] = useState<string | null>(null);
  const saved = useRef("");
  const latest = useRef("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const now = latest.current;
    // Typing on at the end saves only the new words; an edit further up saves the whole text.
    const part = (now.startsWith(saved.current) ? now.slice(saved.current.length) : now).trim();
    if (!part) return;
    saved.current = now;
    setState("saving");
    try {
      await unwrap(
        commands.addExerciseLog(exerciseId, { inject, kind: "observation", who: "", text: part }),
      );
      setState("saved");
      setError(null);
      await queries.invalidateQueries({ queryKey: exerciseKeys.detail(exerciseId) });
    } catch (e) {
      // Not saved: forget that it was, so the next pause tries again.
      saved.current = "";
      setState("error");
      setError(errorMessage(e));
    }
  }, [exerciseId, inject, queries]);

  useEffect(() => {
    const onClose = () => void flush();
    window.addEventListener("beforeunload", onClose);
    window.addEventListener("pagehide", onClose);
    return () => {
      window.removeEventListener("beforeunload", onClose);
      window.removeEventListener("pagehide", onClose);
      void flush();
    };
  }, [flush]);

  return (
    <Textarea
      label={
        <Group gap="xs">
          <span>Notes on this inject</span>
          <Text span size="xs" c={state === "error" ? "red" : "dimmed"} aria-live="polite">
            {state === "saving" ? "Saving…" : state === "saved" ? "Saved to the log" : ""}
          </Text>
        </Group>
      }
      description="Saved to the running log as you type."
      error={error}
      autosize
      minRows={2}
      value={text}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setText(value);
        latest.current = value;
        setState("idle");
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => void flush(), NOTES_DEBOUNCE_MS);
      }}
      // Leaving the box saves at once, so a click elsewhere never waits on the pause.
      onBlur={() => void flush()}
      data-testid={`inject-notes-${inject}`}
    />
  );
}
