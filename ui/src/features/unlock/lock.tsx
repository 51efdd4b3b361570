import { ActionIcon, Tooltip } from "@mantine/core";
import { IconLockAccess } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { useLock, usePrivacySettings } from "../../lib/queries/workspace";

/** How often the idle timer looks at the clock; a lock comes at most this late. */
const IDLE_CHECK_MS = 10_000;
const ACTIVITY = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/** Ctrl+L locks at once; no input for the chosen idle time (Settings) locks too. */
export function useLockControls() {
  const lock = useLock();
  const minutes = usePrivacySettings().data?.idle_lock_minutes ?? 0;
  const lastActivity = useRef(0);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "l") {
        e.preventDefault();
        lock();
      }
    };
    window.addEventListener("keydown", onKeyDown, true);
    return () => window.removeEventListener("keydown", onKeyDown, true);
  }, [lock]);

  useEffect(() => {
    if (minutes <= 0) return;
    lastActivity.current = Date.now();
    const seen = () => {
      lastActivity.current = Date.now();
    };
    for (const e of ACTIVITY) window.addEventListener(e, seen, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= minutes * 60_000) {
        lastActivity.current = Date.now(); // once, not at every check until the gate closes
        lock();
      }
    }, IDLE_CHECK_MS);
    return () => {
      window.clearInterval(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, seen, { capture: true });
    };
  }, [minutes, lock]);
}

/** The header's Lock button. */
export function LockButton() {
  const lock = useLock();
  return (
    <Tooltip label="Lock Cordon (Ctrl+L): close the workspace until it is unlocked again">
      <ActionIcon
        variant="subtle"
        color="gray"
        onClick={lock}
        aria-label="Lock"
        data-testid="lock-workspace"
      >
        <IconLockAccess size={18} />
      </ActionIcon>
    </Tooltip>
  );
}
