import { AppShell, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useCallback, useState, type ComponentType } from "react";
import { AssetsScreen } from "../features/assets/AssetsScreen";
import { ClientPage } from "./ClientPage";
import { ClientsScreen } from "../features/clients/ClientsScreen";
import { Console } from "../features/exercises/Console";
import { ExercisesScreen } from "../features/exercises/ExercisesScreen";
import { IncidentsScreen } from "../features/incidents/IncidentsScreen";
import { PlansScreen } from "../features/plans/PlansScreen";
import { ReportsScreen } from "../features/reports/ReportsScreen";
import { SettingsScreen } from "../features/settings/SettingsScreen";
import { Header } from "./Header";
import { IncidentScreen } from "../features/incidents/IncidentScreen";
import { useDeadlineEvents } from "../features/incidents/useDeadlineEvents";
import { useLockControls } from "../features/unlock/lock";
import {
  NavigationContext,
  OpenClientContext,
  OpenExerciseContext,
  OpenIncidentContext,
  type ClientTarget,
  type ExerciseTarget,
  type IncidentTarget,
  type ReportOrigin,
} from "./navigation";
import { SECTIONS, type SectionId } from "./sections";
import { ShortcutsHelp } from "./ShortcutsHelp";
import { useGlobalShortcuts } from "./useGlobalShortcuts";

const SCREENS: Record<SectionId, ComponentType> = {
  clients: ClientsScreen,
  plans: PlansScreen,
  assets: AssetsScreen,
  incidents: IncidentsScreen,
  exercises: ExercisesScreen,
  reports: ReportsScreen,
  settings: SettingsScreen,
};

export function Shell() {
  const [section, setSection] = useState<SectionId>("clients");
  // A client's page, opened from Clients or Plans; choosing a section closes it.
  const [client, setClient] = useState<(ClientTarget & { seq: number }) | null>(null);
  // An incident's screen, opened from a list, a client page, a search hit or a gap.
  const [incident, setIncident] = useState<(IncidentTarget & { seq: number }) | null>(null);
  // An exercise's console, opened from a search hit (lists open it in place).
  const [exercise, setExercise] = useState<ExerciseTarget | null>(null);
  // What Reports opens at: the incident, exercise or client on screen when it was chosen.
  const [reportFrom, setReportFrom] = useState<ReportOrigin | null>(null);
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);

  const go = useCallback(
    (next: SectionId) => {
      setReportFrom(
        next !== "reports"
          ? null
          : incident
            ? { kind: "incident", incidentId: incident.incidentId }
            : exercise
              ? { kind: "exercise", exerciseId: exercise.exerciseId }
              : client
                ? { kind: "client", clientId: client.clientId }
                : null,
      );
      setSection(next);
      setClient(null);
      setIncident(null);
      setExercise(null);
      nav.close();
    },
    [nav, client, incident, exercise],
  );
  // seq makes a second link to the same client (another gap, another section) re-target it.
  const openClient = useCallback((target: ClientTarget) => {
    setIncident(null);
    setExercise(null);
    setClient((c) => ({ ...target, seq: (c?.seq ?? 0) + 1 }));
  }, []);
  const openIncident = useCallback(
    (target: IncidentTarget) => setIncident((i) => ({ ...target, seq: (i?.seq ?? 0) + 1 })),
    [],
  );
  const openExercise = useCallback((target: ExerciseTarget) => {
    setIncident(null);
    setExercise(target);
  }, []);
  useGlobalShortcuts(go, help.open);
  useDeadlineEvents();
  useLockControls();

  const Screen = SCREENS[section];
  return (
    <NavigationContext value={go}>
      <OpenClientContext value={openClient}>
        <OpenIncidentContext value={openIncident}>
          <OpenExerciseContext value={openExercise}>
            <AppShell
              header={{ height: 52 }}
              navbar={{ width: 210, breakpoint: "sm", collapsed: { mobile: !navOpen } }}
              padding="lg"
            >
              <AppShell.Header>
                <Header navOpen={navOpen} onToggleNav={nav.toggle} onShowShortcuts={help.open} />
              </AppShell.Header>
              <AppShell.Navbar p="xs" aria-label="Sections">
                {SECTIONS.map((s, i) => (
                  <NavLink
                    key={s.id}
                    component="button"
                    label={s.label}
                    leftSection={<s.icon size={18} aria-hidden />}
                    rightSection={
                      <Text size="xs" c="dimmed" aria-hidden>
                        Alt {i + 1}
                      </Text>
                    }
                    active={section === s.id}
                    aria-current={section === s.id ? "page" : undefined}
                    onClick={() => go(s.id)}
                    data-testid={`nav-${s.id}`}
                  />
                ))}
              </AppShell.Navbar>
              <AppShell.Main>
                {incident ? (
                  <IncidentScreen
                    key={incident.incidentId}
                    target={incident}
                    onBack={() => setIncident(null)}
                  />
                ) : exercise ? (
                  <Console
                    key={exercise.exerciseId}
                    exerciseId={exercise.exerciseId}
                    onBack={() => setExercise(null)}
                  />
                ) : client ? (
                  <ClientPage
                    key={client.clientId}
                    target={client}
                    onBack={() => setClient(null)}
                  />
                ) : section === "reports" ? (
                  <ReportsScreen from={reportFrom} />
                ) : (
                  <Screen />
                )}
              </AppShell.Main>
              <ShortcutsHelp opened={helpOpen} onClose={help.close} />
            </AppShell>
          </OpenExerciseContext>
        </OpenIncidentContext>
      </OpenClientContext>
    </NavigationContext>
  );
}
