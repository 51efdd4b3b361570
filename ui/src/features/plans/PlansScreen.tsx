import { IconClipboardList } from "@tabler/icons-react";
import { ComingSoon } from "../../app/ComingSoon";

export function PlansScreen() {
  return (
    <ComingSoon
      icon={IconClipboardList}
      title="Plans arrive next"
      coming="Each client gets a versioned incident-response plan: roles, contacts, escalation, a severity matrix and playbooks per incident type, with review dates and approval."
      meanwhile="Meanwhile, add your clients: their sectors, jurisdictions and contacts are what a plan starts from."
    />
  );
}
