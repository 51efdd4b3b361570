import type {
  AppError,
  FieldError,
  MspBrandingSettings,
  ReportPreview,
  ReportResult,
  SavedFile,
} from "../bindings";

/** Reports for the in-memory backend (see backend.ts): previews are a blank page image and the
 * contents of the real report's sections; exports "write" nothing and report a size. */
type Args = Record<string, unknown>;

function fail(code: AppError["code"], message: string, fields: FieldError[] = []): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw { code, message, fields } satisfies AppError;
}

/** A 1×1 white PNG: enough for an <img> in a test or the dev server. */
const BLANK_PAGE =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

export const CLIENT_SECTIONS = [
  "Executive summary",
  "Classification and severity",
  "Key times",
  "Scope and impact",
  "Timeline of key events",
  "Response actions",
  "Root cause",
  "Notifications",
  "Lessons learned",
  "Action plan",
];

const INTERNAL_SECTIONS = [
  "Full timeline",
  "Evidence and chain of custody",
  "Internal notes",
  "Response team and escalations",
  "ATT&CK techniques",
  "Indicators of compromise",
  "Timeline integrity",
];

const BINDER_SECTIONS = [
  "Contacts and out-of-band channels",
  "Escalation",
  "Roles and duties",
  "Communication",
  "Severity matrix",
  "Review history",
  "Playbooks",
];

const AAR_SECTIONS = [
  "Exercise overview",
  "Executive summary",
  "Objective ratings",
  "Analysis of objectives",
  "Inject log",
  "Improvement plan",
];

function preview(title: string, titles: string[], pages: number): ReportPreview {
  return {
    title,
    pages: titles.length + 2,
    sections: titles.map((t, i) => ({ number: i + 1, title: t, page: 3 + Math.floor(i / 2) })),
    page_images: Array.from({ length: pages }, () => BLANK_PAGE),
  };
}

export function createReportsBackend(saved: (suggestedName: unknown) => SavedFile | null) {
  const db: { branding: MspBrandingSettings } = {
    branding: { name: "Incident response team", logo: null },
  };
  // The shell's save dialog answers (see backend.ts); null: the user cancelled it.
  const result = (suggestedName: unknown, pages: number): ReportResult | null => {
    const file = saved(suggestedName);
    if (!file) return null;
    if (!file.path.endsWith(".pdf")) {
      fail("invalid_input", "destination: choose a file name ending in .pdf", [
        { field: "destination", message: "choose a file name ending in .pdf" },
      ]);
    }
    return { path: file.path, pages, bytes: 61_440 };
  };
  const handlers: Record<string, (a: Args) => unknown> = {
    msp_branding: () => db.branding,
    save_msp_branding: (a) => {
      const b = a.branding as MspBrandingSettings;
      if (!b.name.trim()) {
        fail("invalid_input", "name: type the MSP's name: reports say who prepared them", [
          { field: "name", message: "type the MSP's name: reports say who prepared them" },
        ]);
      }
      db.branding = { ...b, name: b.name.trim() };
      return db.branding;
    },
    incident_report_preview: (a) =>
      preview(
        "Post-incident report",
        a.audience === "internal" ? [...CLIENT_SECTIONS, ...INTERNAL_SECTIONS] : CLIENT_SECTIONS,
        Number(a.pages),
      ),
    export_incident_report: (a) => result(a.suggestedName, a.audience === "internal" ? 9 : 6),
    plan_binder_preview: (a) => preview("Plan binder", BINDER_SECTIONS, Number(a.pages)),
    export_plan_binder: (a) => result(a.suggestedName, 11),
    exercise_report_preview: (a) => preview("After-action report", AAR_SECTIONS, Number(a.pages)),
    export_exercise_report: (a) => result(a.suggestedName, 12),
  };
  return { db, handlers };
}
