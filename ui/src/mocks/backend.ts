import { mockIPC } from "@tauri-apps/api/mocks";
import { createAssetsBackend } from "./assets";
import { createExercisesBackend } from "./exercises";
import { createIncidentsBackend } from "./incidents";
import { createPlansBackend } from "./plans";
import { createReportsBackend } from "./reports";
import { exerciseHits } from "./search";
import type {
  AppError,
  Asset,
  Client,
  ClientInput,
  ExerciseView,
  IncidentView,
  ClientSummary,
  FieldError,
  KeySource,
  Plan,
  PrivacySettings,
  SearchHit,
  WorkspaceInfo,
  WorkspaceStatus,
} from "../bindings";

/** An in-memory stand-in for the Rust commands, for `VITE_MOCK_IPC=1 npm run dev` and tests.
 * It checks just enough (a name, email shape, jurisdiction codes) to show errors on screen;
 * the real rules live in cordon-core. */
export type MockOptions = {
  state?: "first_run" | "locked" | "ready" | "unavailable";
  keychainAvailable?: boolean;
  keySource?: KeySource;
  passphrase?: string;
  clients?: Client[];
  /** Plan versions; by default, sample plans for the sample clients (see plans.ts). */
  plans?: Plan[];
  /** Assets; by default, sample assets for Harbour Dental Group (see assets.ts). */
  assets?: Asset[];
  /** Incidents; by default, one ransomware incident for Northwind Legal (see incidents.ts). */
  incidents?: IncidentView[];
  /** Exercises; by default, one ransomware tabletop (see exercises.ts). */
  exercises?: ExerciseView[];
  /** What the native open dialog offers, one file per `choose_file`; none left = cancelled. */
  files?: { name: string; bytes: Uint8Array }[];
  /** The folder the native save dialog answers with; null = the user cancels it. */
  saveFolder?: string | null;
};

type Args = Record<string, unknown>;

export function createMockBackend(options: MockOptions = {}) {
  const db = {
    state: options.state ?? "ready",
    keychainAvailable: options.keychainAvailable ?? true,
    keySource: options.keySource ?? "keychain",
    passphrase: options.passphrase ?? "correct horse battery",
    clients: [...(options.clients ?? SAMPLE_CLIENTS)],
    privacy: { idle_lock_minutes: 0, names_in_notifications: false } as PrivacySettings,
  };

  const info = (): WorkspaceInfo => ({
    data_dir: "/home/tech/.local/share/cordon",
    database_path: "/home/tech/.local/share/cordon/cordon.db",
    cipher_version: "4.20.0 community",
    sqlite_version: "3.54.0",
    key_source: db.keySource,
    schema_version: 1,
    device_id: "0197c2de-7b1a-7c3e-9f2a-5d1e8b6a4c10",
    keychain_available: db.keychainAvailable,
    client_count: db.clients.length,
  });

  const checkPassphrase = (given: unknown) => {
    if (given !== db.passphrase) {
      fail(
        "wrong_passphrase",
        "that passphrase does not unlock this workspace; check it and try again",
      );
    }
  };
  const open = () => {
    if (db.state !== "ready") fail("locked", "the workspace is locked; unlock it first");
  };
  const find = (id: unknown) => {
    const c = db.clients.find((x) => x.id === id);
    if (!c)
      fail("not_found", "this client no longer exists; it may have been removed on another device");
    return c;
  };
  const put = (c: Client) => {
    db.clients = [...db.clients.filter((x) => x.id !== c.id), c];
    return c;
  };

  const handlers: Record<string, (a: Args) => unknown> = {
    workspace_status: (): WorkspaceStatus => {
      const data_dir = info().data_dir;
      if (db.state === "first_run") {
        return { state: "first_run", data_dir, keychain_available: db.keychainAvailable };
      }
      if (db.state === "unavailable") {
        const error: AppError = {
          code: "key_file_problem",
          message:
            "the key file next to the database is damaged; restore it from your backup, or move the folder aside to start again",
          fields: [],
        };
        return { state: "unavailable", data_dir, error };
      }
      if (db.state === "locked") {
        const passphrase_needed = db.keySource === "passphrase";
        return {
          state: "locked",
          data_dir,
          reason: passphrase_needed
            ? "This workspace is protected by a passphrase."
            : "Cordon is locked. Unlock to continue; the key is in this computer's keychain.",
          passphrase_needed,
        };
      }
      return { state: "ready", info: info() };
    },
    create_workspace: (a) => {
      const p = a.passphrase as string | null;
      if (p === null && !db.keychainAvailable) {
        fail(
          "keychain_unavailable",
          "no system keychain is available; choose a passphrase instead",
        );
      }
      db.keySource = p === null ? "keychain" : "passphrase";
      if (p !== null) db.passphrase = p;
      db.state = "ready";
      return info();
    },
    unlock_workspace: (a) => {
      if (db.keySource === "passphrase" || a.passphrase) checkPassphrase(a.passphrase);
      db.state = "ready";
      return info();
    },
    lock_workspace: () => {
      db.state = "locked";
      return handlers.workspace_status!({});
    },
    privacy_settings: () => (open(), db.privacy),
    save_privacy_settings: (a) => {
      open();
      db.privacy = a.settings as PrivacySettings;
      return db.privacy;
    },
    workspace_info: () => (open(), info()),
    switch_to_passphrase: (a) => {
      if (db.keySource === "passphrase")
        fail(
          "invalid_input",
          "this workspace is already protected by a passphrase; to replace it use Change passphrase, which asks for the current one",
        );
      db.passphrase = a.passphrase as string;
      db.keySource = "passphrase";
      return info();
    },
    switch_to_keychain: (a) => {
      checkPassphrase(a.currentPassphrase);
      db.keySource = "keychain";
      return info();
    },
    change_passphrase: (a) => {
      checkPassphrase(a.current);
      db.passphrase = a.next as string;
      return info();
    },
    list_clients: (a) => {
      open();
      const q = String(a.query).toLowerCase();
      return db.clients
        .filter((c) => a.includeArchived || !c.archived_at)
        .filter((c) => !q || haystack(c).includes(q))
        .sort((x, y) => x.name.localeCompare(y.name))
        .map(summary);
    },
    get_client: (a) => find(a.id),
    create_client: (a) => {
      const input = validate(a.input as ClientInput);
      const now = new Date().toISOString();
      return put({
        ...input,
        id: crypto.randomUUID(),
        archived_at: null,
        created_at: now,
        updated_at: now,
      });
    },
    update_client: (a) => {
      const input = validate(a.input as ClientInput);
      return put({ ...find(a.id), ...input, updated_at: new Date().toISOString() });
    },
    archive_client: (a) => {
      const now = new Date().toISOString();
      return put({ ...find(a.id), archived_at: now, updated_at: now });
    },
    restore_client: (a) =>
      put({ ...find(a.id), archived_at: null, updated_at: new Date().toISOString() }),
  };

  const plans = createPlansBackend(() => db.clients, options.plans);
  Object.assign(handlers, plans.handlers, {
    client_overview: (a: Args) =>
      plans.handlers.client_overview!({ summaries: handlers.list_clients!(a) }),
  });

  // The native dialogs, opened by the shell: a pick token stands for a chosen file.
  const offered = [...(options.files ?? [])];
  const picked = new Map<string, Uint8Array>();
  const saveFolder = options.saveFolder === undefined ? "/home/tech/Documents" : options.saveFolder;
  const fileOf = (pick: unknown): Uint8Array =>
    picked.get(String(pick)) ??
    fail("invalid_input", "file: that file choice has expired; choose the file again", [
      { field: "file", message: "that file choice has expired; choose the file again" },
    ]);
  handlers.choose_file = () => {
    const next = offered.shift();
    if (!next) return null;
    const pick = `pick-${picked.size + 1}`;
    picked.set(pick, next.bytes);
    return { pick, name: next.name, size_bytes: next.bytes.length };
  };
  const saved = (suggestedName: unknown) =>
    saveFolder === null
      ? null
      : { path: `${saveFolder}/${String(suggestedName)}`, name: String(suggestedName) };

  const assets = createAssetsBackend(() => db.clients, options.assets, fileOf, saved);
  Object.assign(handlers, assets.handlers);

  const incidents = createIncidentsBackend(() => db.clients, options.incidents);
  Object.assign(handlers, incidents.handlers);

  const reports = createReportsBackend(saved);
  Object.assign(handlers, reports.handlers);

  const exercises = createExercisesBackend(() => db.clients, options.exercises);
  Object.assign(handlers, exercises.handlers);
  // One search over everything, as the real index is: the incidents' hits, then exercises'.
  const searchIncidents = handlers.search!;
  handlers.search = (a) => [
    ...(searchIncidents(a) as SearchHit[]),
    ...exerciseHits(exercises.db.views, String(a.query)),
  ];

  return {
    db,
    plans: plans.db,
    assets: assets.db,
    incidents: incidents.db,
    reports: reports.db,
    exercises: exercises.db,
    handle(cmd: string, args: Args = {}): unknown {
      const handler = handlers[cmd];
      // A bare string is what Tauri itself rejects with for an unknown command.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      if (!handler) throw `command ${cmd} not found`;
      return handler(args);
    },
  };
}

export function installMockBackend(options?: MockOptions) {
  const backend = createMockBackend(options);
  mockIPC((cmd, args) => backend.handle(cmd, args as Args));
  return backend;
}

/** Rejects the way a Rust command returning Err(AppError) does: with the plain object. */
/** The named starting states for the dev server's ?mock= parameter. */
export function mockOptionsFor(name: string | null): MockOptions {
  switch (name) {
    case "first_run":
      return { state: "first_run" };
    case "no_keychain":
      return { state: "first_run", keychainAvailable: false };
    case "locked":
      return { state: "locked", keySource: "passphrase" };
    case "empty":
      return { clients: [] };
    case "unavailable":
      return { state: "unavailable" };
    default:
      return {};
  }
}

function fail(code: AppError["code"], message: string, fields: FieldError[] = []): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw { code, message, fields } satisfies AppError;
}

function validate(
  input: ClientInput,
): Omit<Client, "id" | "archived_at" | "created_at" | "updated_at"> {
  const fields: FieldError[] = [];
  const name = input.name.trim().replace(/\s+/g, " ");
  if (!name) {
    fields.push({
      field: "name",
      message: "a client needs a name; type the company's name as it appears on its contract",
    });
  }
  for (const j of input.jurisdictions) {
    if (!/^(EU|UK|US|US-[A-Z]{2})$/.test(j)) {
      fields.push({
        field: "jurisdictions",
        message: `'${j}' is not a jurisdiction Cordon knows; use EU, UK, US, or a US state such as US-TX`,
      });
    }
  }
  input.contacts.forEach((c, i) => {
    if (c.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) {
      fields.push({
        field: `contacts.${i}.email`,
        message: `'${c.email}' is not an email address; use name@example.com`,
      });
    }
  });
  if (fields.length) fail("invalid_input", "some fields need attention", fields);
  return {
    ...input,
    name,
    contacts: input.contacts.filter((c) => c.name || c.role || c.email || c.phone),
    contract_notice_hours: input.contract_notice_hours ?? null,
    insurer: input.insurer
      ? { ...input.insurer, notice_hours: input.insurer.notice_hours ?? null }
      : null,
    branding: {
      accent_colour: input.branding.accent_colour ?? null,
      logo: input.branding.logo ?? null,
    },
  };
}

/** "Name (role)", as cordon-core's ClientSummary writes it. */
function primaryContact(c: Client): string | null {
  const first = c.contacts[0];
  if (!first) return null;
  return first.role ? `${first.name} (${first.role})` : first.name;
}

function haystack(c: Client): string {
  return [c.name, ...c.sectors, ...c.jurisdictions, ...c.contacts.map((x) => x.name)]
    .join(" ")
    .toLowerCase();
}

function summary(c: Client): ClientSummary {
  return {
    id: c.id,
    name: c.name,
    sectors: c.sectors,
    jurisdictions: c.jurisdictions,
    primary_contact: primaryContact(c),
    contact_count: c.contacts.length,
    accent_colour: c.branding.accent_colour,
    archived_at: c.archived_at,
    updated_at: c.updated_at,
  };
}

function sample(id: number, name: string, extra: Partial<Client>): Client {
  return {
    id: `0197c2de-0000-7000-8000-00000000000${id}`,
    name,
    sectors: [],
    jurisdictions: [],
    contacts: [],
    contract_notice_hours: null,
    contract_terms: "",
    insurer: null,
    branding: { accent_colour: null, logo: null },
    archived_at: null,
    created_at: "2026-10-01T09:00:00Z",
    updated_at: "2026-11-20T14:30:00Z",
    ...extra,
  };
}

export const SAMPLE_CLIENTS: Client[] = [
  sample(1, "Harbour Dental Group", {
    sectors: ["healthcare"],
    jurisdictions: ["US", "US-CA"],
    contacts: [
      {
        name: "Ana Reyes",
        role: "Practice manager",
        email: "ana@harbourdental.example",
        phone: "+1 415 555 0100",
      },
      { name: "Tom Okafor", role: "Owner", email: "", phone: "+1 415 555 0101" },
    ],
    contract_notice_hours: 4,
    insurer: {
      name: "Coalition",
      policy_number: "CYB-22-1187",
      notice_hours: 72,
      claims_contact: "claims@coalition.example",
    },
    branding: { accent_colour: "#0e7c86", logo: null },
  }),
  sample(2, "Northwind Legal LLP", {
    sectors: ["legal", "professional_services"],
    jurisdictions: ["UK", "EU"],
    contacts: [{ name: "Priya Shah", role: "COO", email: "priya@northwind.example", phone: "" }],
    branding: { accent_colour: "#7a3fb0", logo: null },
    updated_at: "2026-11-24T10:05:00Z",
  }),
  sample(3, "Brightwater Credit Union", {
    sectors: ["finance"],
    jurisdictions: ["US", "US-NY", "US-NJ"],
    contacts: [
      {
        name: "Marcus Lee",
        role: "CISO",
        email: "mlee@brightwater.example",
        phone: "+1 212 555 0199",
      },
    ],
    contract_notice_hours: 2,
  }),
  sample(4, "Kestrel Manufacturing GmbH", {
    sectors: ["manufacturing"],
    jurisdictions: ["EU"],
    contacts: [],
    archived_at: "2026-09-02T08:00:00Z",
  }),
];
