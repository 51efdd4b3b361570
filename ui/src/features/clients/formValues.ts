import type { Client, ClientContact, ClientInput, Logo, Sector } from "../../bindings";

/** The client form's state. It has the same shape and paths as ClientInput, so a backend
 * FieldError such as "contacts.0.email" or "insurer.name" is also the form path of its input.
 * Number inputs hold "" when empty; the insurer is always present and dropped when blank. */
export type ClientFormValues = {
  name: string;
  sectors: Sector[];
  jurisdictions: string[];
  contacts: ClientContact[];
  contract_notice_hours: number | string;
  contract_terms: string;
  insurer: {
    name: string;
    policy_number: string;
    notice_hours: number | string;
    claims_contact: string;
  };
  branding: { accent_colour: string; logo: Logo | null };
  /** An IANA zone name; "" lets the backend take the jurisdictions' default. */
  time_zone: string;
};

export const EMPTY_CONTACT: ClientContact = { name: "", role: "", email: "", phone: "" };

export function emptyFormValues(): ClientFormValues {
  return {
    name: "",
    sectors: [],
    jurisdictions: [],
    contacts: [],
    contract_notice_hours: "",
    contract_terms: "",
    insurer: { name: "", policy_number: "", notice_hours: "", claims_contact: "" },
    branding: { accent_colour: "", logo: null },
    time_zone: "",
  };
}

export function toFormValues(client: Client): ClientFormValues {
  const insurer = client.insurer;
  return {
    name: client.name,
    sectors: client.sectors,
    jurisdictions: client.jurisdictions,
    contacts: client.contacts,
    contract_notice_hours: client.contract_notice_hours ?? "",
    contract_terms: client.contract_terms,
    insurer: {
      name: insurer?.name ?? "",
      policy_number: insurer?.policy_number ?? "",
      notice_hours: insurer?.notice_hours ?? "",
      claims_contact: insurer?.claims_contact ?? "",
    },
    branding: {
      accent_colour: client.branding.accent_colour ?? "",
      logo: client.branding.logo ?? null,
    },
    time_zone: client.time_zone,
  };
}

/** What is sent to the backend. Rows are sent as typed, empty ones included, so that the
 * index in a FieldError path is the index of the row on screen; the backend drops blanks. */
export function toInput(values: ClientFormValues): ClientInput {
  const insurer = {
    ...values.insurer,
    notice_hours: hours(values.insurer.notice_hours),
  };
  const insurerBlank =
    !insurer.name.trim() &&
    !insurer.policy_number.trim() &&
    !insurer.claims_contact.trim() &&
    insurer.notice_hours === null;
  return {
    name: values.name,
    sectors: values.sectors,
    jurisdictions: values.jurisdictions,
    contacts: values.contacts,
    contract_notice_hours: hours(values.contract_notice_hours),
    contract_terms: values.contract_terms,
    insurer: insurerBlank ? null : insurer,
    branding: {
      accent_colour: values.branding.accent_colour.trim() || null,
      logo: values.branding.logo,
    },
    time_zone: values.time_zone.trim(),
  };
}

function hours(value: number | string): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The FieldError paths that have an input on the form; any other path is listed above the
 * Save button so that no message is lost. */
const FORM_PATH =
  /^(name|sectors|jurisdictions|time_zone|contract_notice_hours|contract_terms|insurer\.(name|policy_number|notice_hours|claims_contact)|branding\.(accent_colour|logo)|contacts\.\d+\.(name|role|email|phone))$/;

export function hasInput(path: string): boolean {
  return FORM_PATH.test(path);
}
