import { IconUrgent } from "@tabler/icons-react";
import { ComingSoon } from "../../app/ComingSoon";

export function IncidentsScreen() {
  return (
    <ComingSoon
      icon={IconUrgent}
      title="Incidents are coming"
      coming="Work an incident from detection to lessons learned: severity from the plan, notification clocks with countdowns, a hash-chained timeline, tasks, evidence and the report."
      meanwhile="Meanwhile, record each client's jurisdictions, contract notice window and insurer: they decide which clocks start when an incident is opened."
    />
  );
}
