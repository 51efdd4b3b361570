import type {
  AppError,
  Asset,
  AssetField,
  AssetInput,
  AssetKind,
  Client,
  DataClass,
  FieldError,
  ImportPreview,
  RowError,
  SavedFile,
  TextEncoding,
} from "../bindings";

/** Assets and the CSV import/export for the in-memory backend (see backend.ts). A sketch of
 * cordon-core's rules: enough to show errors, per-row import problems and the priority order. */
type Args = Record<string, unknown>;
type Mapping = (AssetField | null)[];

function fail(code: AppError["code"], message: string, fields: FieldError[] = []): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw { code, message, fields } satisfies AppError;
}

const KINDS: AssetKind[] = [
  "server",
  "workstation",
  "network_device",
  "saas_application",
  "cloud_workload",
  "database",
  "backup_system",
  "identity_provider",
  "ot_device",
  "other",
];
const CLASSES: DataClass[] = [
  "pii",
  "phi",
  "payment_card",
  "credentials",
  "intellectual_property",
  "financial",
  "confidential_business",
];
const SYNONYMS: Record<AssetField, string[]> = {
  name: ["name", "asset", "assetname", "hostname", "system"],
  kind: ["kind", "type", "assettype", "category"],
  owner: ["owner", "assetowner", "responsible"],
  location: ["location", "site", "where"],
  criticality: ["criticality", "tier", "priority"],
  data_classes: ["dataclasses", "data", "dataclass", "datatypes"],
  rto: ["rto", "recoverytime"],
  rpo: ["rpo", "recoverypoint"],
  dependencies: ["dependencies", "dependson", "depends"],
  vulnerabilities: ["vulnerabilities", "vulns", "weaknesses"],
  likelihood: ["likelihood", "risklikelihood"],
  impact: ["impact", "riskimpact"],
  risk_rationale: ["rationale", "riskrationale", "notes"],
};
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The backend's order: criticality 1 first, then the higher risk score, then name. */
export function prioritised(assets: Asset[]): Asset[] {
  return [...assets].sort(
    (a, b) =>
      a.criticality - b.criticality ||
      (b.risk?.score ?? 0) - (a.risk?.score ?? 0) ||
      a.name.localeCompare(b.name),
  );
}

export function createAssetsBackend(
  clients: () => Client[],
  initial: Asset[] | undefined,
  fileOf: (pick: unknown) => Uint8Array,
  saved: (suggestedName: unknown) => SavedFile | null,
) {
  const db = { assets: [...(initial ?? SAMPLE_ASSETS)] };

  const find = (id: unknown) =>
    db.assets.find((a) => a.id === id) ??
    fail("not_found", "this asset no longer exists; it may have been archived on another device");
  const client = (id: unknown) =>
    clients().find((c) => c.id === id) ?? fail("not_found", "this client no longer exists");
  const put = (a: Asset) => {
    db.assets = [...db.assets.filter((x) => x.id !== a.id), a];
    return a;
  };
  const active = (clientId: unknown) =>
    db.assets.filter((a) => a.client_id === clientId && !a.archived_at);

  const make = (clientId: string, input: AssetInput, id?: string): Asset => {
    const now = new Date().toISOString();
    const others = active(clientId).filter((a) => a.id !== id);
    const fields = check(input);
    const deps = input.dependencies.map((d) => {
      const hit = others.find((a) => a.id === d || a.name.toLowerCase() === d.toLowerCase());
      if (!hit) {
        fields.push({
          field: "dependencies",
          message: `'${d}' is not an asset of this client; add that asset first or correct the name`,
        });
      }
      return hit?.id ?? d;
    });
    if (fields.length) fail("invalid_input", "some fields need attention", fields);
    const existing = id ? find(id) : null;
    return {
      id: id ?? crypto.randomUUID(),
      client_id: clientId,
      ...input,
      name: input.name.trim(),
      dependencies: deps,
      vulnerabilities: input.vulnerabilities.filter((v) => v.title.trim()),
      risk: input.risk ? { ...input.risk, score: input.risk.likelihood * input.risk.impact } : null,
      archived_at: null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
  };

  const preview = (a: Args): ImportPreview & { rows: AssetInput[] } => {
    client(a.clientId);
    const { encoding, text } = decode(fileOf(a.pick));
    const delimiter = [",", ";", "\t"].reduce((best, d) =>
      (text.split("\n")[0] ?? "").split(d).length > (text.split("\n")[0] ?? "").split(best).length
        ? d
        : best,
    );
    const [headers = [], ...rows] = parseCsv(text, delimiter);
    const suggested = suggest(headers);
    const mapping = (a.mapping as Mapping | null) ?? suggested;
    const mapping_errors: FieldError[] = mapping.includes("name")
      ? []
      : [
          {
            field: "mapping",
            message: "no column is mapped to Name; pick the column that holds each asset's name",
          },
        ];
    const errors: RowError[] = [];
    const valid: AssetInput[] = [];
    if (mapping_errors.length === 0)
      rows.forEach((cells, i) => {
        const { input, problems } = rowInput(headers, mapping, cells);
        problems.forEach((p) => errors.push({ row: i + 2, ...p }));
        if (!problems.length) valid.push(input);
      });
    return {
      encoding,
      delimiter,
      headers,
      suggested_mapping: suggested,
      mapping,
      total_rows: rows.length,
      valid_count: valid.length,
      errors,
      sample: valid.slice(0, 5),
      mapping_errors,
      rows: valid,
    };
  };

  const handlers: Record<string, (a: Args) => unknown> = {
    list_assets: (a) =>
      prioritised(
        db.assets.filter(
          (x) => x.client_id === a.clientId && (a.includeArchived || !x.archived_at),
        ),
      ),
    get_asset: (a) => find(a.id),
    create_asset: (a) => put(make(String(client(a.clientId).id), a.input as AssetInput)),
    update_asset: (a) => {
      const old = find(a.id);
      return put(make(old.client_id, a.input as AssetInput, old.id));
    },
    archive_asset: (a) => {
      const now = new Date().toISOString();
      return put({ ...find(a.id), archived_at: now, updated_at: now });
    },
    preview_asset_import: (a) => {
      const shown: Partial<ReturnType<typeof preview>> = preview(a);
      delete shown.rows;
      return shown;
    },
    import_assets: (a) => {
      const p = preview(a);
      if (p.mapping_errors.length)
        fail("invalid_input", "fix the column mapping first", p.mapping_errors);
      for (const input of p.rows) put(make(String(a.clientId), { ...input, dependencies: [] }));
      return { imported: p.rows.length, total_rows: p.total_rows, rejected: p.errors };
    },
    export_assets_csv: (a) => {
      client(a.clientId);
      return saved(a.suggestedName);
    },
  };
  return { db, handlers };
}

function check(input: AssetInput): FieldError[] {
  const fields: FieldError[] = [];
  if (!input.name.trim()) {
    fields.push({
      field: "name",
      message: "an asset needs a name; use its hostname or the name staff call it (e.g. FS-01)",
    });
  }
  if (!(input.criticality >= 1 && input.criticality <= 4)) {
    fields.push({
      field: "criticality",
      message: `criticality must be 1 (highest) to 4; use 1–4 (got ${input.criticality})`,
    });
  }
  input.vulnerabilities.forEach((v, i) => {
    if (!v.title.trim()) {
      fields.push({
        field: `vulnerabilities.${i}.title`,
        message:
          "each vulnerability needs a title (a CVE id or a short description); fill it in or remove it",
      });
    }
  });
  if (input.risk) {
    const { likelihood, impact } = input.risk;
    if (!(likelihood >= 1 && likelihood <= 5)) {
      fields.push({
        field: "risk.likelihood",
        message: `likelihood must be 1 (rare) to 5 (almost certain); use 1–5 (got ${likelihood})`,
      });
    }
    if (!(impact >= 1 && impact <= 5)) {
      fields.push({
        field: "risk.impact",
        message: `impact must be 1 (negligible) to 5 (severe); use 1–5 (got ${impact})`,
      });
    }
  }
  return fields;
}

function decode(bytes: Uint8Array): { encoding: TextEncoding; text: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: "utf8_bom", text: new TextDecoder().decode(bytes.subarray(3)) };
  }
  try {
    return { encoding: "utf8", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { encoding: "windows1252", text: new TextDecoder("windows-1252").decode(bytes) };
  }
}

/** Quoted fields, doubled quotes, CRLF; blank lines dropped. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows.filter((r) => r.some((c) => c.trim()));
}

function suggest(headers: string[]): Mapping {
  const taken = new Set<AssetField>();
  return headers.map((h) => {
    const key = squash(h);
    const hit = (Object.keys(SYNONYMS) as AssetField[]).find(
      (f) =>
        !taken.has(f) && SYNONYMS[f].some((s) => key === s || (s.length >= 3 && key.startsWith(s))),
    );
    if (hit) taken.add(hit);
    return hit ?? null;
  });
}

function minutes(text: string): number | null {
  const m = /^(\d+)\s*(min|m|h|hours?|d|days?)?$/i.exec(text.trim());
  if (!m) return null;
  const unit = (m[2] ?? "min").toLowerCase();
  const n = Number(m[1]);
  return unit.startsWith("h") ? n * 60 : unit.startsWith("d") ? n * 1440 : n;
}

function rowInput(headers: string[], mapping: Mapping, cells: string[]) {
  const input: AssetInput = {
    name: "",
    kind: "other",
    owner: "",
    location: "",
    criticality: 3,
    data_classes: [],
    rto_minutes: null,
    rpo_minutes: null,
    dependencies: [],
    vulnerabilities: [],
    risk: null,
  };
  const problems: { column: string; message: string }[] = [];
  mapping.forEach((field, i) => {
    const cell = (cells[i] ?? "").trim();
    const column = headers[i] ?? "";
    const bad = (message: string) => problems.push({ column, message });
    if (!field) return;
    switch (field) {
      case "name":
        if (!cell) bad("the name is empty; every asset needs one");
        input.name = cell;
        break;
      case "kind": {
        const k = KINDS.find((x) => squash(x) === squash(cell));
        if (cell && !k) bad(`'${cell}' is not a kind Cordon knows; use e.g. Server or SaaS`);
        input.kind = k ?? "other";
        break;
      }
      case "owner":
      case "location":
        input[field] = cell;
        break;
      case "criticality": {
        const n = Number(cell);
        if (cell && !(Number.isInteger(n) && n >= 1 && n <= 4)) {
          bad(`criticality must be 1 (highest) to 4 (got '${cell}')`);
        } else if (cell) input.criticality = n;
        break;
      }
      case "data_classes":
        for (const part of cell
          .split(/[;|,]/)
          .map((s) => s.trim())
          .filter(Boolean)) {
          const d = CLASSES.find((x) => squash(x) === squash(part));
          if (d) input.data_classes.push(d);
          else bad(`'${part}' is not a data class Cordon knows; use e.g. PII, PHI, Financial`);
        }
        break;
      case "rto":
      case "rpo": {
        const m = cell ? minutes(cell) : null;
        if (cell && m === null) bad(`'${cell}' is not a duration; write 4h, 30 min or 2d`);
        input[field === "rto" ? "rto_minutes" : "rpo_minutes"] = m;
        break;
      }
      default:
        break;
    }
  });
  return { input, problems };
}

function asset(id: number, client: number, name: string, extra: Partial<Asset>): Asset {
  return {
    id: `0197c2de-1111-7000-8000-00000000000${id}`,
    client_id: `0197c2de-0000-7000-8000-00000000000${client}`,
    name,
    kind: "server",
    owner: "",
    location: "",
    criticality: 3,
    data_classes: [],
    rto_minutes: null,
    rpo_minutes: null,
    dependencies: [],
    vulnerabilities: [],
    risk: null,
    archived_at: null,
    created_at: "2026-10-02T09:00:00Z",
    updated_at: "2026-11-20T14:30:00Z",
    ...extra,
  };
}

/** Harbour Dental Group's inventory (client 1), in no particular order. */
export const SAMPLE_ASSETS: Asset[] = [
  asset(1, 1, "Reception PCs", {
    kind: "workstation",
    owner: "Ana Reyes",
    criticality: 3,
    rto_minutes: 1440,
  }),
  asset(2, 1, "Dentrix practice management", {
    kind: "saas_application",
    owner: "",
    location: "Henry Schein cloud",
    criticality: 1,
    data_classes: ["phi", "pii", "financial"],
    rto_minutes: 240,
    rpo_minutes: 30,
    vulnerabilities: [
      { title: "No MFA on admin accounts", severity: "high", status: "open" },
      { title: "Shared front-desk login", severity: "medium", status: "mitigated" },
    ],
    risk: {
      likelihood: 3,
      impact: 5,
      score: 15,
      rationale: "Ransomware crews target dental SaaS.",
    },
  }),
  asset(3, 1, "FS-01 file server", {
    owner: "Tom Okafor",
    location: "Back office rack",
    criticality: 1,
    data_classes: ["phi"],
    rto_minutes: 480,
    rpo_minutes: 1440,
    risk: { likelihood: 4, impact: 5, score: 20, rationale: "Unpatched SMB, on the flat network." },
  }),
  asset(4, 1, "Synology backup NAS", {
    kind: "backup_system",
    owner: "Tom Okafor",
    criticality: 2,
    data_classes: ["phi", "pii"],
    rto_minutes: 1440,
    rpo_minutes: 1440,
    risk: { likelihood: 2, impact: 4, score: 8, rationale: "Same admin password as FS-01." },
  }),
];
