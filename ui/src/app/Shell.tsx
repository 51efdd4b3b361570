import { AppShell, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useCallback, useState, type ComponentType } from "react";
import { AssetsScreen } from "../features/assets/AssetsScreen";
import { ClientsScreen } from "../features/clients/ClientsScreen";
import { ExercisesScreen } from "../features/exercises/ExercisesScreen";
import { IncidentsScreen } from "../features/incidents/IncidentsScreen";
import { PlansScreen } from "../features/plans/PlansScreen";
import { ReportsScreen } from "../features/reports/ReportsScreen";
import { SettingsScreen } from "../features/settings/SettingsScreen";
import { Header } from "./Header";
import { NavigationContext } from "./navigation";
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
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);

  const go = useCallback(
    (next: SectionId) => {
      setSection(next);
      nav.close();
    },
    [nav],
  );
  useGlobalShortcuts(go, help.open);

  const Screen = SCREENS[section];
  return (
    <NavigationContext value={go}>
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
          <Screen />
        </AppShell.Main>
        <ShortcutsHelp opened={helpOpen} onClose={help.close} />
      </AppShell>
    </NavigationContext>
  );
}
