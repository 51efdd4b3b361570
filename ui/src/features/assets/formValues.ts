import type { Asset, AssetInput, AssetKind, DataClass, Vulnerability } from "../../bindings";

export type TimeUnit = "min" | "h" | "d";
const UNIT_MINUTES: Record<TimeUnit, number> = { min: 1, h: 60, d: 1440 };

/** The asset form's state: AssetInput's shape and paths (so `vulnerabilities.0.title` and
 * `risk.likelihood` from the backend are form paths too), with selects holding strings, empty
 * numbers as "" and RTO/RPO as a number plus a unit. The backend's `rto_minutes` and
 * `rpo_minutes` errors are shown under the RTO and RPO inputs. */
export type AssetFormValues = {
  name: string;
  kind: AssetKind;
  owner: string;
  location: string;
  criticality: string;
  data_classes: DataClass[];
  rto: number | string;
  rto_unit: TimeUnit;
  rpo: number | string;
  rpo_unit: TimeUnit;
  dependencies: string[];
  vulnerabilities: Vulnerability[];
  risk: { likelihood: string | null; impact: string | null; rationale: string };
};

export const EMPTY_VULNERABILITY: Vulnerability = { title: "", severity: "medium", status: "open" };

export function emptyFormValues(): AssetFormValues {
  return {
    name: "",
    kind: "server",
    owner: "",
    location: "",
    criticality: "3",
    data_classes: [],
    rto: "",
    rto_unit: "h",
    rpo: "",
    rpo_unit: "h",
    dependencies: [],
    vulnerabilities: [],
    risk: { likelihood: null, impact: null, rationale: "" },
  };
}

/** The largest unit that holds the minutes exactly: 240 → 4 h, 90 → 90 min. */
function split(minutes: number | null): [number | string, TimeUnit] {
  if (minutes === null) return ["", "h"];
  if (minutes > 0 && minutes % 1440 === 0) return [minutes / 1440, "d"];
  if (minutes > 0 && minutes % 60 === 0) return [minutes / 60, "h"];
  return [minutes, "min"];
}

export function toFormValues(asset: Asset): AssetFormValues {
  const [rto, rto_unit] = split(asset.rto_minutes);
  const [rpo, rpo_unit] = split(asset.rpo_minutes);
  return {
    name: asset.name,
    kind: asset.kind,
    owner: asset.owner,
    location: asset.location,
    criticality: String(asset.criticality),
    data_classes: asset.data_classes,
    rto,
    rto_unit,
    rpo,
    rpo_unit,
    dependencies: asset.dependencies,
    vulnerabilities: asset.vulnerabilities,
    risk: {
      likelihood: asset.risk ? String(asset.risk.likelihood) : null,
      impact: asset.risk ? String(asset.risk.impact) : null,
      rationale: asset.risk?.rationale ?? "",
    },
  };
}

function minutes(value: number | string, unit: TimeUnit): number | null {
  if (value === "" || value === null) return null;
  return Math.round(Number(value) * UNIT_MINUTES[unit]);
}

/** likelihood × impact, or null until both are chosen. */
export function score(values: AssetFormValues): number | null {
  const { likelihood, impact } = values.risk;
  return likelihood && impact ? Number(likelihood) * Number(impact) : null;
}

/** What is sent. Vulnerability rows go as typed (blank ones too) so the index in a FieldError
 * path is the row on screen. A risk with nothing chosen or written is no risk; a half-filled
 * one is sent with 0 for the missing number, so the backend says what to fix under it. */
export function toInput(values: AssetFormValues): AssetInput {
  const r = values.risk;
  const riskBlank = !r.likelihood && !r.impact && !r.rationale.trim();
  return {
    name: values.name,
    kind: values.kind,
    owner: values.owner,
    location: values.location,
    criticality: Number(values.criticality),
    data_classes: values.data_classes,
    rto_minutes: minutes(values.rto, values.rto_unit),
    rpo_minutes: minutes(values.rpo, values.rpo_unit),
    dependencies: values.dependencies,
    vulnerabilities: values.vulnerabilities,
    risk: riskBlank
      ? null
      : {
          likelihood: Number(r.likelihood ?? 0),
          impact: Number(r.impact ?? 0),
          rationale: r.rationale,
        },
  };
}

const PLACED = new Set([
  "name",
  "kind",
  "owner",
  "location",
  "criticality",
  "data_classes",
  "rto_minutes",
  "rpo_minutes",
  "dependencies",
  "risk.likelihood",
  "risk.impact",
  "risk.rationale",
]);

/** Whether the form has an input that shows this FieldError path. */
export function hasInput(path: string): boolean {
  return PLACED.has(path) || /^vulnerabilities\.\d+\.(title|severity|status)$/.test(path);
}
