import { useQueryClient } from "@tanstack/react-query";
import { listen } from "@tauri-apps/api/event";
import { useEffect } from "react";
import { incidentKeys } from "../../lib/queryKeys";

/** The event the desktop shell emits each minute with the deadlines due soon or overdue
 * (src-tauri/src/deadlines.rs); open incident screens and lists re-read their clocks. */
export const DEADLINE_EVENT = "deadline-alerts";

export function useDeadlineEvents() {
  const queries = useQueryClient();
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let gone = false;
    listen(DEADLINE_EVENT, () => {
      void queries.invalidateQueries({ queryKey: incidentKeys.details });
      void queries.invalidateQueries({ queryKey: incidentKeys.lists });
    })
      .then((stop) => {
        if (gone) stop();
        else unlisten = stop;
      })
      // Outside the desktop shell (tests, the browser dev server) there are no events.
      .catch(() => {});
    return () => {
      gone = true;
      unlisten?.();
    };
  }, [queries]);
}
