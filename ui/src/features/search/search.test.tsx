import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { sampleExercise } from "../../mocks/exercises";
import { renderApp } from "../../test/render";

vi.setConfig({ testTimeout: 20_000 });

/** The sample tabletop with a finding owned by Henrietta Okonkwo and one log line. */
function exercise() {
  const base = sampleExercise();
  return sampleExercise({
    exercise: {
      ...base.exercise,
      findings: [
        {
          plan_change_id: "pc-1",
          issue: "The insurer's hotline number was out of date",
          corrective_action: "Confirm the number each quarter",
          owner: "Henrietta Okonkwo",
          due: "2027-01-31",
          plan_section: "contacts",
          objective: null,
        },
      ],
    },
    log: [
      {
        id: "log-1",
        exercise_id: base.exercise.id,
        inject: 1,
        kind: "decision",
        who: "Incident lead",
        text: "Isolate the Hamburg depot's VLAN first",
        at: new Date().toISOString(),
        elapsed_seconds: 300,
      },
    ],
  });
}

/** Types into the header's search box and waits for a hit of `kind`. */
async function hitOf(user: ReturnType<typeof renderApp>["user"], query: string, kind: string) {
  await screen.findAllByTestId("client-row");
  await user.click(screen.getByTestId("global-search"));
  await user.keyboard(query);
  // The box waits for typing to pause before it searches; a loaded machine adds to that.
  return waitFor(
    () => {
      const hit = screen.getAllByTestId("search-hit").find((h) => h.dataset.kind === kind);
      expect(hit).toBeDefined();
      return hit!;
    },
    { timeout: 15000 },
  );
}

describe("global search over exercises", () => {
  it("opens the facilitator console from an exercise hit found by a finding's owner", async () => {
    const { user } = renderApp({ exercises: [exercise()] });
    const hit = await hitOf(user, "okonkwo", "exercise");
    expect(hit).toHaveTextContent("Ransomware tabletop");
    expect(hit.querySelector("mark")).toHaveTextContent("Okonkwo");
    await user.click(hit);
    const shown = await screen.findByTestId("exercise-console");
    expect(within(shown).getByText("Ransomware tabletop")).toBeVisible();
    expect(screen.queryByTestId("client-row")).toBeNull();
  });

  it("opens the same console from a hit on a log line", async () => {
    const { user } = renderApp({ exercises: [exercise()] });
    const hit = await hitOf(user, "hamburg", "exercise_log_entry");
    expect(hit).toHaveTextContent("Ransomware tabletop");
    await user.click(hit);
    await screen.findByTestId("exercise-console");
    expect(within(screen.getByTestId("exercise-log")).getByText(/Hamburg depot/)).toBeVisible();
  });

  it("leaves the console for the section chosen in the sidebar", async () => {
    const { user } = renderApp({ exercises: [exercise()] });
    await user.click(await hitOf(user, "okonkwo", "exercise"));
    await screen.findByTestId("exercise-console");
    await user.click(screen.getByTestId("nav-clients"));
    expect(await screen.findAllByTestId("client-row")).not.toHaveLength(0);
    expect(screen.queryByTestId("exercise-console")).toBeNull();
  });
});
