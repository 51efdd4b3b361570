import { IconTargetArrow } from "@tabler/icons-react";
import { ComingSoon } from "../../app/ComingSoon";

export function ExercisesScreen() {
  return (
    <ComingSoon
      icon={IconTargetArrow}
      title="Tabletop exercises are planned"
      coming="Run a scenario with timed injects, note what the team decided, rate each objective and turn the findings into plan changes, with a presenter window for the room."
      meanwhile="Meanwhile, add your clients and the people you would invite."
    />
  );
}
