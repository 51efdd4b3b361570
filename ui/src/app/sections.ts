import {
  IconBuildingSkyscraper,
  IconClipboardList,
  IconFileText,
  IconServer2,
  IconSettings,
  IconUrgent,
  IconTargetArrow,
  type Icon,
} from "@tabler/icons-react";

export type SectionId =
  "clients" | "plans" | "assets" | "incidents" | "exercises" | "reports" | "settings";

/** The navbar's sections in order: Alt+<position> or "g" then `key` opens each. */
export const SECTIONS: readonly { id: SectionId; label: string; key: string; icon: Icon }[] = [
  { id: "clients", label: "Clients", key: "c", icon: IconBuildingSkyscraper },
  { id: "plans", label: "Plans", key: "p", icon: IconClipboardList },
  { id: "assets", label: "Assets", key: "a", icon: IconServer2 },
  { id: "incidents", label: "Incidents", key: "i", icon: IconUrgent },
  { id: "exercises", label: "Exercises", key: "e", icon: IconTargetArrow },
  { id: "reports", label: "Reports", key: "r", icon: IconFileText },
  { id: "settings", label: "Settings", key: "s", icon: IconSettings },
];
