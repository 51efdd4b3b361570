import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import { theme } from "../../app/theme";
import { createMockBackend } from "../../mocks/backend";
import { NOTES_DEBOUNCE_MS, NotesBox } from "./NotesBox";

vi.setConfig({ testTimeout: 20_000 });

/** The notes box over the in-memory backend; each log append is recorded with when it came. */
function renderNotes() {
  const backend = createMockBackend();
  const saves: { text: string; at: number }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    if (cmd === "add_exercise_log")
      saves.push({ text: (args.input as { text: string }).text, at: performance.now() });
    return backend.handle(cmd, args);
  });
  const user = userEvent.setup({ delay: null });
  const view = render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={createQueryClient()}>
        <NotesBox exerciseId="ex-1" inject={1} />
        <button type="button">elsewhere</button>
      </QueryClientProvider>
    </MantineProvider>,
  );
  return { user, saves, view, box: screen.getByTestId("inject-notes-1") };
}

/** Waits for the first save and says how long after `since` it was made. */
async function firstSaveAfter(saves: { at: number }[], since: number) {
  await waitFor(() => expect(saves).toHaveLength(1), { timeout: 5000 });
  return saves[0]!.at - since;
}

describe("facilitator notes", () => {
  it("keeps at most a fraction of a second of typing unsaved", () => {
    // A killed app runs no unload handler: this pause is what a crash can cost.
    expect(NOTES_DEBOUNCE_MS).toBeLessThanOrEqual(500);
  });

  it("saves once typing pauses, not on every key", async () => {
    const { user, saves, box } = renderNotes();
    await user.type(box, "Lead called the MSP");
    const typed = performance.now();
    expect(saves).toHaveLength(0);
    expect(await firstSaveAfter(saves, typed)).toBeGreaterThanOrEqual(NOTES_DEBOUNCE_MS / 2);
    expect(saves[0]!.text).toBe("Lead called the MSP");
    expect(box).toHaveFocus();
  });

  it("saves at once when the box loses focus", async () => {
    const { user, saves, box } = renderNotes();
    await user.type(box, "Insurer called");
    const left = performance.now();
    await user.click(screen.getByText("elsewhere"));
    expect(await firstSaveAfter(saves, left)).toBeLessThan(NOTES_DEBOUNCE_MS);
    // The pause that follows finds nothing new to save.
    await new Promise((r) => setTimeout(r, NOTES_DEBOUNCE_MS * 2));
    expect(saves.map((s) => s.text)).toEqual(["Insurer called"]);
  });

  it("saves at once when the page is hidden or closed", async () => {
    const { user, saves, box } = renderNotes();
    await user.type(box, "Backups checked late");
    const hidden = performance.now();
    fireEvent(window, new Event("pagehide"));
    expect(await firstSaveAfter(saves, hidden)).toBeLessThan(NOTES_DEBOUNCE_MS);
    expect(box).toHaveFocus();
  });

  it("saves at once when the box goes away", async () => {
    const { user, saves, box, view } = renderNotes();
    await user.type(box, "Moved on to inject 2");
    const gone = performance.now();
    view.unmount();
    expect(await firstSaveAfter(saves, gone)).toBeLessThan(NOTES_DEBOUNCE_MS);
    expect(saves[0]!.text).toBe("Moved on to inject 2");
  });
});
