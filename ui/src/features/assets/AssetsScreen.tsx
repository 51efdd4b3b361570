import { IconServer2 } from "@tabler/icons-react";
import { ComingSoon } from "../../app/ComingSoon";

export function AssetsScreen() {
  return (
    <ComingSoon
      icon={IconServer2}
      title="Assets are on the way"
      coming="An inventory of each client's critical systems: owner, criticality, the data they hold, RTO/RPO and a risk rating with its rationale."
      meanwhile="Meanwhile, add your clients and their contacts, so each asset has a company and an owner to belong to."
    />
  );
}
