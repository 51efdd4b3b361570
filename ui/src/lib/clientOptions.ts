import type { Sector } from "../bindings";

export const SECTOR_LABELS: Record<Sector, string> = {
  healthcare: "Healthcare",
  finance: "Finance",
  legal: "Legal",
  retail: "Retail",
  manufacturing: "Manufacturing",
  education: "Education",
  government: "Government",
  non_profit: "Non-profit",
  technology: "Technology",
  hospitality: "Hospitality",
  energy: "Energy",
  transport: "Transport",
  professional_services: "Professional services",
  other: "Other",
};

export const SECTOR_OPTIONS = Object.entries(SECTOR_LABELS).map(([value, label]) => ({
  value,
  label,
}));

/** The places with their own breach-notification rules that Cordon knows; the backend is the
 * judge of what is valid, this list only drives suggestions. */
// prettier-ignore
export const JURISDICTION_NAMES: Record<string, string> = {
  EU: "European Union",
  UK: "United Kingdom",
  US: "United States (federal)",
  "US-AL": "Alabama", "US-AK": "Alaska", "US-AZ": "Arizona", "US-AR": "Arkansas",
  "US-CA": "California", "US-CO": "Colorado", "US-CT": "Connecticut", "US-DE": "Delaware",
  "US-DC": "District of Columbia", "US-FL": "Florida", "US-GA": "Georgia", "US-HI": "Hawaii",
  "US-ID": "Idaho", "US-IL": "Illinois", "US-IN": "Indiana", "US-IA": "Iowa",
  "US-KS": "Kansas", "US-KY": "Kentucky", "US-LA": "Louisiana", "US-ME": "Maine",
  "US-MD": "Maryland", "US-MA": "Massachusetts", "US-MI": "Michigan", "US-MN": "Minnesota",
  "US-MS": "Mississippi", "US-MO": "Missouri", "US-MT": "Montana", "US-NE": "Nebraska",
  "US-NV": "Nevada", "US-NH": "New Hampshire", "US-NJ": "New Jersey", "US-NM": "New Mexico",
  "US-NY": "New York", "US-NC": "North Carolina", "US-ND": "North Dakota", "US-OH": "Ohio",
  "US-OK": "Oklahoma", "US-OR": "Oregon", "US-PA": "Pennsylvania", "US-PR": "Puerto Rico",
  "US-RI": "Rhode Island", "US-SC": "South Carolina", "US-SD": "South Dakota",
  "US-TN": "Tennessee", "US-TX": "Texas", "US-UT": "Utah", "US-VT": "Vermont",
  "US-VA": "Virginia", "US-WA": "Washington", "US-WV": "West Virginia", "US-WI": "Wisconsin",
  "US-WY": "Wyoming",
};

export const JURISDICTION_GROUPS = [
  { group: "Regions", items: ["EU", "UK", "US"] },
  { group: "US states", items: Object.keys(JURISDICTION_NAMES).filter((c) => c.startsWith("US-")) },
];

/** Codes are upper case; "us-ca" typed in a hurry becomes "US-CA". */
export function normaliseJurisdiction(code: string): string {
  return code.trim().toUpperCase();
}

/** Logos larger than this are refused by the backend; checking first saves a round trip. */
export const MAX_LOGO_BYTES = 512 * 1024;
export const LOGO_TYPES = ["image/png", "image/jpeg"];
