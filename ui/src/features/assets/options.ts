import type {
  AssetField,
  AssetKind,
  DataClass,
  Severity,
  TextEncoding,
  VulnStatus,
} from "../../bindings";

export const KIND_LABELS: Record<AssetKind, string> = {
  server: "Server",
  workstation: "Workstation",
  network_device: "Network device",
  saas_application: "SaaS application",
  cloud_workload: "Cloud workload",
  database: "Database",
  backup_system: "Backup system",
  identity_provider: "Identity provider",
  ot_device: "OT device",
  other: "Other",
};

export const DATA_CLASS_LABELS: Record<DataClass, string> = {
  pii: "PII",
  phi: "PHI",
  payment_card: "Payment card",
  credentials: "Credentials",
  intellectual_property: "Intellectual property",
  financial: "Financial",
  confidential_business: "Confidential business",
};

/** 1 is highest: what happens to the client's business while the asset is down. */
export const CRITICALITY_LABELS: Record<number, string> = {
  1: "Business stops",
  2: "Severe disruption",
  3: "Workaround exists",
  4: "Can wait",
};

export const CRITICALITY_COLOURS: Record<number, string> = {
  1: "red",
  2: "orange",
  3: "yellow",
  4: "gray",
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

export const VULN_STATUS_LABELS: Record<VulnStatus, string> = {
  open: "Open",
  mitigated: "Mitigated",
  accepted: "Accepted",
  fixed: "Fixed",
};

export const LIKELIHOOD_LABELS: Record<number, string> = {
  1: "Rare",
  2: "Unlikely",
  3: "Possible",
  4: "Likely",
  5: "Almost certain",
};

export const IMPACT_LABELS: Record<number, string> = {
  1: "Negligible",
  2: "Minor",
  3: "Moderate",
  4: "Major",
  5: "Severe",
};

export const FIELD_LABELS: Record<AssetField, string> = {
  name: "Name",
  kind: "Kind",
  owner: "Owner",
  location: "Location",
  criticality: "Criticality",
  data_classes: "Data classes",
  rto: "RTO",
  rpo: "RPO",
  dependencies: "Dependencies",
  vulnerabilities: "Vulnerabilities",
  likelihood: "Risk likelihood",
  impact: "Risk impact",
  risk_rationale: "Risk rationale",
};

export const ENCODING_LABELS: Record<TextEncoding, string> = {
  utf8: "UTF-8",
  utf8_bom: "UTF-8 with BOM",
  utf16_le: "UTF-16 LE",
  utf16_be: "UTF-16 BE",
  windows1252: "Windows-1252",
};

export function delimiterLabel(d: string): string {
  if (d === ",") return "comma (,)";
  if (d === ";") return "semicolon (;)";
  if (d === "\t") return "tab";
  return `“${d}”`;
}

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** Minutes as a person says them: "30 min", "4 h", "1 h 30 min", "2 d". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return "—";
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}
