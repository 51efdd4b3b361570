import { QueryClient, QueryClientProvider, type QueryKey } from "@tanstack/react-query";
import { act, renderHook } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import type { Asset, Client, ExerciseView, IncidentView, Plan } from "../bindings";
import { createMockBackend } from "../mocks/backend";
import { commands } from "./api";
import { useSaveAsset } from "./queries/assets";
import { useSaveClient } from "./queries/clients";
import { useExerciseChange } from "./queries/exercises";
import { useIncidentChange } from "./queries/incidents";
import { useApprovePlan } from "./queries/plans";
import {
  assetKeys,
  clientKeys,
  exerciseKeys,
  incidentKeys,
  planKeys,
  reportKeys,
  searchKeys,
} from "./queryKeys";

/** Each write, run through its real hook, must leave no screen that shows the changed record
 * with its old value: every such screen's query is either replaced or marked stale. The
 * screens are listed here by what each shows, independently of queryKeys.ts's own table. */
const backend = createMockBackend();
const call = <T,>(cmd: string, args: Record<string, unknown> = {}) =>
  backend.handle(cmd, args) as T;
const client = call<Client[]>("list_clients", { query: "", includeArchived: false })[0]!;
const incident = call<IncidentView>("incident", {
  id: (
    call<{ items: { id: string }[] }>("list_incidents", {
      clientId: "",
      openOnly: false,
      page: 0,
      pageSize: 25,
    }).items[0] ?? { id: "" }
  ).id,
});
const assetOwner = call<Client[]>("list_clients", { query: "", includeArchived: false }).find(
  (c) => call<Asset[]>("list_assets", { clientId: c.id, includeArchived: false }).length > 0,
)!;
const asset = call<Asset[]>("list_assets", { clientId: assetOwner.id, includeArchived: false })[0]!;
const planOwner = call<Client[]>("list_clients", { query: "", includeArchived: false }).find(
  (c) => call<unknown[]>("list_plans", { clientId: c.id }).length > 0,
)!;
const plan = call<Plan>("get_plan", {
  id: call<{ id: string }[]>("list_plans", { clientId: planOwner.id })[0]!.id,
});
const exercise = call<ExerciseView>("exercise", {
  id: call<{ id: string }[]>("list_exercises", { clientId: null })[0]!.id,
});

function setup(answers: Record<string, unknown>, screens: Record<string, QueryKey>) {
  mockIPC((cmd) => {
    if (cmd in answers) return answers[cmd];
    throw new Error(`unexpected command ${cmd}`);
  });
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  for (const key of Object.values(screens)) queries.setQueryData(key, { shown: "old" });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queries}>{children}</QueryClientProvider>
  );
  const stale = () =>
    Object.entries(screens)
      .filter(([, key]) => {
        const state = queries.getQueryState(key);
        const replaced = (state?.data as { shown?: string } | undefined)?.shown !== "old";
        return !(state?.isInvalidated || replaced);
      })
      .map(([screen]) => screen);
  return { wrapper, stale };
}

const search = searchKeys.query("northwind");

describe("a local write refreshes every screen that shows the record", () => {
  it("a renamed client", async () => {
    const { wrapper, stale } = setup(
      { update_client: client },
      {
        "client page": clientKeys.detail(client.id),
        "clients list": clientKeys.list("", false),
        "home overview": clientKeys.overview("", false),
        "client readiness": clientKeys.readiness(client.id),
        "incidents list (client column)": incidentKeys.list("", false, 0),
        "incident header (client name)": incidentKeys.detail(incident.incident.id),
        "exercises list": exerciseKeys.list(null),
        search,
      },
    );
    const { result } = renderHook(() => useSaveClient(client.id), { wrapper });
    await act(() => result.current.mutateAsync({} as never));
    expect(stale()).toEqual([]);
  });

  it("an edited asset", async () => {
    const { wrapper, stale } = setup(
      { update_asset: asset },
      {
        "asset drawer": assetKeys.detail(asset.id),
        "assets tab": assetKeys.list(assetOwner.id),
        "client readiness": clientKeys.readiness(assetOwner.id),
        "home overview (score)": clientKeys.overview("", false),
        "incident's affected assets": incidentKeys.detail(incident.incident.id),
        search,
      },
    );
    const { result } = renderHook(() => useSaveAsset(assetOwner.id, asset.id), { wrapper });
    await act(() => result.current.mutateAsync({} as never));
    expect(stale()).toEqual([]);
  });

  it("an approved plan", async () => {
    const { wrapper, stale } = setup(
      { approve_plan: plan },
      {
        "plan editor": planKeys.detail(plan.id),
        "plan versions": planKeys.list(planOwner.id),
        "home overview (plan status)": clientKeys.overview("", false),
        "client readiness": clientKeys.readiness(planOwner.id),
        "new incident's types": incidentKeys.types(planOwner.id),
        "plan binder preview": reportKeys.preview(
          { kind: "plan", planId: plan.id, title: "" },
          "client",
          {} as never,
        ),
        search,
      },
    );
    const { result } = renderHook(() => useApprovePlan(), { wrapper });
    await act(() => result.current.mutateAsync({ id: plan.id, approver: "A", note: "" }));
    expect(stale()).toEqual([]);
  });

  it("a changed incident", async () => {
    const id = incident.incident.id;
    const { wrapper, stale } = setup(
      { move_incident: incident },
      {
        "incident screen": incidentKeys.detail(id),
        "incidents list": incidentKeys.list("", true, 0),
        "client's incidents tab": incidentKeys.list(incident.incident.client_id, false, 0),
        dashboard: incidentKeys.dashboard(""),
        "client readiness": clientKeys.readiness(incident.incident.client_id),
        "report preview": reportKeys.preview(
          { kind: "incident", id, title: "" },
          "client",
          {} as never,
        ),
        search,
      },
    );
    const { result } = renderHook(
      () => useIncidentChange((next: string) => commands.moveIncident(id, next as never, null, "")),
      { wrapper },
    );
    await act(() => result.current.mutateAsync("contained"));
    expect(stale()).toEqual([]);
  });

  it("a changed exercise", async () => {
    const { id, client_id } = exercise.exercise;
    const { wrapper, stale } = setup(
      { start_exercise: exercise },
      {
        console: exerciseKeys.detail(id),
        "exercises list": exerciseKeys.list(null),
        "client's exercises": exerciseKeys.list(client_id),
        "presenter window": exerciseKeys.presenter(id),
        "plan changes": exerciseKeys.changes(client_id),
        "client readiness": clientKeys.readiness(client_id),
        "after-action preview": reportKeys.preview(
          { kind: "exercise", id, title: "" },
          "client",
          {} as never,
        ),
        search,
      },
    );
    const { result } = renderHook(() => useExerciseChange(() => commands.startExercise(id)), {
      wrapper,
    });
    await act(() => result.current.mutateAsync(undefined));
    expect(stale()).toEqual([]);
  });
});
