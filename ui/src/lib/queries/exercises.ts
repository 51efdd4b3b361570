import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, unwrap, type Outcome } from "../api";
import type { ExerciseView } from "../../bindings";
import { exerciseKeys, refreshShown } from "../queryKeys";

/** Exercises of one client, or of every client when `clientId` is null. */
export function useExerciseList(clientId: string | null) {
  return useQuery({
    queryKey: exerciseKeys.list(clientId),
    queryFn: () => unwrap(commands.listExercises(clientId)),
  });
}

export function useScenarios() {
  return useQuery({
    queryKey: exerciseKeys.scenarios,
    queryFn: () => unwrap(commands.exerciseScenarios()),
    staleTime: Infinity,
  });
}

/** One exercise as the console shows it; the clock ticks in the browser between reads. */
export function useExercise(id: string) {
  return useQuery({
    queryKey: exerciseKeys.detail(id),
    queryFn: () => unwrap(commands.exercise(id)),
    // Scheduled injects become "current" on the backend as time passes; read it now and then.
    refetchInterval: 10_000,
  });
}

export function usePlanChanges(clientId: string) {
  return useQuery({
    queryKey: exerciseKeys.changes(clientId),
    queryFn: () => unwrap(commands.planChangeItems(clientId)),
  });
}

export function useCreateExercise() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ clientId, scenario }: { clientId: string; scenario: string }) =>
      unwrap(commands.createExercise(clientId, scenario)),
    onSuccess: async (view) => {
      queries.setQueryData(exerciseKeys.detail(view.exercise.id), view);
      await refreshShown(queries, "exercise", view.exercise.client_id);
    },
  });
}

/** Any change to an exercise: the command answers with the whole view, which replaces the
 * cached one, so the console never shows a half-updated exercise. */
export function useExerciseChange<Args>(run: (args: Args) => Promise<Outcome<ExerciseView>>) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (args: Args) => unwrap(run(args)),
    onSuccess: async (view) => {
      queries.setQueryData(exerciseKeys.detail(view.exercise.id), view);
      await refreshShown(queries, "exercise", view.exercise.client_id);
    },
  });
}
