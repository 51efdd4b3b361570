import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../../app/queryClient";
import { theme } from "../../app/theme";
import type { AppError } from "../../bindings";
import { SAMPLE_ASSETS } from "../../mocks/assets";
import { createMockBackend, type MockOptions } from "../../mocks/backend";
import { renderApp } from "../../test/render";
import { AssetsTab } from "./AssetsTab";
import { IMPORT_CSV } from "./fixtures";

const HARBOUR = "0197c2de-0000-7000-8000-000000000001";

/** The CSV the native open dialog will offer, as bytes (the BOM included). */
const offered = (name = "harbour-assets.csv") => ({
  files: [{ name, bytes: new TextEncoder().encode(IMPORT_CSV) }],
});

// The wizard and drawer tests click through many Mantine inputs; on a loaded CI machine they
// can pass 5 s without anything being wrong.
vi.setConfig({ testTimeout: 20_000 });

function reject(error: AppError): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw error;
}

/** The Assets tab alone, over the in-memory backend; every call is recorded. */
function renderTab(
  options: MockOptions = {},
  override: Record<string, (args: Record<string, unknown>) => unknown> = {},
  openAssetId: string | null = null,
) {
  const backend = createMockBackend(options);
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = override[cmd];
    return handler ? handler(args) : backend.handle(cmd, args);
  });
  const user = userEvent.setup({ delay: null });
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={createQueryClient()}>
        <AssetsTab clientId={HARBOUR} openAssetId={openAssetId} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  const callsOf = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  return { user, backend, callsOf };
}

const names = (rows: HTMLElement[]) =>
  rows.map((r) => within(r).getAllByRole("cell")[0]?.querySelector("p")?.textContent);

describe("assets tab", () => {
  it("lists the assets in the backend's order and flags a criticality 1 asset with no owner", async () => {
    // The backend's order is the truth: the tab must not re-sort it.
    const backendOrder = ["FS-01 file server", "Dentrix practice management", "Reception PCs"];
    const { callsOf } = renderTab(
      {},
      { list_assets: () => backendOrder.map((n) => SAMPLE_ASSETS.find((a) => a.name === n)!) },
    );
    const rows = await screen.findAllByTestId("asset-row");
    expect(names(rows)).toEqual([
      "FS-01 file server",
      "Dentrix practice management",
      "Reception PCs",
    ]);
    expect(callsOf("list_assets")).toEqual([{ clientId: HARBOUR, includeArchived: false }]);

    const dentrix = rows[1]!;
    expect(within(dentrix).getByTestId("no-owner")).toHaveTextContent("No owner");
    expect(dentrix).toHaveTextContent("1 · Business stops");
    expect(dentrix).toHaveTextContent("PHI");
    expect(dentrix).toHaveTextContent("4 h / 30 min");
    expect(within(dentrix).getByTestId("asset-risk")).toHaveTextContent("15");
    // Only the open vulnerability counts.
    expect(within(dentrix).getAllByRole("cell")[7]).toHaveTextContent("1");
    // An owner-less asset that is not criticality 1 is not flagged.
    expect(within(rows[0]!).queryByTestId("no-owner")).toBeNull();
    expect(screen.getAllByTestId("no-owner")).toHaveLength(1);
  });

  it("the mock backend prioritises as cordon-core does: criticality, then risk score", async () => {
    renderTab();
    const rows = await screen.findAllByTestId("asset-row");
    expect(names(rows)).toEqual([
      "FS-01 file server",
      "Dentrix practice management",
      "Synology backup NAS",
      "Reception PCs",
    ]);
  });

  it("filters on the client side", async () => {
    const { user } = renderTab();
    await screen.findAllByTestId("asset-row");
    await user.type(screen.getByTestId("asset-search"), "backup");
    expect(screen.getAllByTestId("asset-row")).toHaveLength(1);
    expect(screen.getByTestId("asset-row")).toHaveTextContent("Synology backup NAS");
  });

  it("shows an empty state that says what to do", async () => {
    renderTab({ assets: [] });
    expect(
      await screen.findByText(/Add the systems this client cannot work without, or import a CSV/),
    ).toBeVisible();
  });
});

describe("asset form", () => {
  it("opens the asset a link points at", async () => {
    renderTab({}, {}, "0197c2de-1111-7000-8000-000000000002");
    expect(await screen.findByTestId("asset-name-input")).toHaveValue(
      "Dentrix practice management",
    );
  });

  it("creates an asset and lists it", async () => {
    const { user, callsOf } = renderTab({ assets: [] });
    await user.click(await screen.findByTestId("new-asset"));
    await user.click(await screen.findByTestId("asset-name-input"));
    await user.paste("Exchange Online");
    await user.type(screen.getByLabelText("RTO"), "4");
    await user.click(screen.getByTestId("asset-save"));
    expect(await screen.findByTestId("asset-row")).toHaveTextContent("Exchange Online");
    expect(callsOf("create_asset")[0]).toMatchObject({
      clientId: HARBOUR,
      input: { name: "Exchange Online", criticality: 3, rto_minutes: 240, risk: null },
    });
  });

  it("puts each field error from invalid_input under its input", async () => {
    const { user } = renderTab(
      { assets: [] },
      {
        create_asset: () =>
          reject({
            code: "invalid_input",
            message: "some fields need attention",
            fields: [
              { field: "name", message: "an asset needs a name" },
              { field: "vulnerabilities.1.title", message: "each vulnerability needs a title" },
              { field: "risk.likelihood", message: "likelihood must be 1 (rare) to 5" },
              { field: "legal_hold", message: "a field this form does not show" },
            ],
          }),
      },
    );
    await user.click(await screen.findByTestId("new-asset"));
    const form = await screen.findByTestId("asset-form");
    const add = within(form).getByRole("button", { name: "Add vulnerability" });
    await user.click(add);
    await user.click(add);
    await user.click(screen.getByTestId("asset-save"));

    const name = screen.getByTestId("asset-name-input");
    await waitFor(() => expect(name).toHaveAccessibleDescription(/An asset needs a name/));
    expect(name).toHaveAttribute("aria-invalid", "true");
    const [first, second] = within(form).getAllByTestId("vulnerability-row");
    expect(within(second!).getByLabelText("Title")).toHaveAccessibleDescription(
      "Each vulnerability needs a title",
    );
    expect(within(first!).getByLabelText("Title")).not.toHaveAttribute("aria-invalid", "true");
    expect(within(form).getByRole("textbox", { name: "Likelihood" })).toHaveAccessibleDescription(
      "Likelihood must be 1 (rare) to 5",
    );
    expect(within(form).getByRole("alert")).toHaveTextContent("A field this form does not show");
  });

  it("edits an asset, shows the computed score, and archives it after confirmation", async () => {
    const { user, callsOf } = renderTab();
    await user.click((await screen.findAllByTestId("asset-row"))[0]!);
    expect(await screen.findByTestId("asset-name-input")).toHaveValue("FS-01 file server");
    expect(screen.getByTestId("asset-risk-score")).toHaveTextContent("20");
    await user.click(screen.getByTestId("asset-archive"));
    await user.click(await screen.findByTestId("confirm-archive"));
    await waitFor(() => expect(screen.getAllByTestId("asset-row")).toHaveLength(3));
    expect(callsOf("archive_asset")).toEqual([{ id: "0197c2de-1111-7000-8000-000000000003" }]);
  });
});

describe("CSV import wizard", () => {
  it("has the shell choose the file, maps, reports row errors and imports only after confirm", async () => {
    const { user, callsOf } = renderTab({ assets: [], ...offered() });
    await user.click(await screen.findByTestId("import-csv"));
    await user.click(screen.getByTestId("import-choose-file"));

    // The shell's dialog answers with a token, never a path or the bytes; the first preview
    // uses the suggested mapping.
    await waitFor(() => expect(callsOf("preview_asset_import")).toHaveLength(1));
    expect(callsOf("choose_file")[0]!.filter).toEqual({
      name: "CSV",
      extensions: ["csv", "tsv", "txt"],
    });
    expect(callsOf("preview_asset_import")[0]).toEqual({
      clientId: HARBOUR,
      pick: "pick-1",
      mapping: null,
    });
    expect(await screen.findByText(/harbour-assets\.csv/)).toBeVisible();
    const facts = await screen.findByTestId("import-file-facts");
    expect(facts).toHaveTextContent("UTF-8 with BOM");
    expect(facts).toHaveTextContent("comma");
    expect(facts).toHaveTextContent("6");

    await user.click(screen.getByRole("button", { name: "Next" }));
    const mapping = await screen.findByTestId("import-mapping");
    expect(within(mapping).getByTestId("import-map-name")).toHaveValue("Asset name");
    expect(within(mapping).getByTestId("import-map-kind")).toHaveValue("Type");
    expect(within(mapping).getByTestId("import-map-data_classes")).toHaveValue("Data");
    expect(within(mapping).getByTestId("import-map-location")).toHaveValue("");

    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByTestId("import-valid-count")).toHaveTextContent(
      "4 of 6 rows are valid",
    );
    const errors = screen.getAllByTestId("import-error-row");
    expect(errors.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual(["4", "5"]);
    expect(errors[1]).toHaveTextContent("Type");
    expect(errors[1]).toHaveTextContent("'Telephony' is not a kind");
    expect(callsOf("import_assets")).toHaveLength(0);

    await user.click(screen.getByTestId("import-confirm"));
    const result = await screen.findByTestId("import-result");
    expect(result).toHaveTextContent("Imported 4 assets; 2 rows were not imported.");
    // The rejected rows stay listed with the result.
    expect(within(result).getAllByTestId("import-error-row")).toHaveLength(2);
    expect(callsOf("import_assets")).toEqual([
      { clientId: HARBOUR, pick: "pick-1", mapping: expect.any(Array) as unknown },
    ]);
    await waitFor(() => expect(screen.getAllByTestId("asset-row")).toHaveLength(4));
  });

  it("re-runs the preview with the changed mapping", async () => {
    const { user, callsOf } = renderTab({ assets: [], ...offered() });
    await user.click(await screen.findByTestId("import-csv"));
    await user.click(screen.getByTestId("import-choose-file"));
    await screen.findByTestId("import-file-facts");
    await user.click(screen.getByRole("button", { name: "Next" }));
    const kind = await screen.findByTestId("import-map-kind");
    await user.click(kind);
    const listbox = document.getElementById(kind.getAttribute("aria-controls") ?? "")!;
    await user.click(within(listbox).getByRole("option", { name: "Owner", hidden: true }));
    await waitFor(() => expect(callsOf("preview_asset_import")).toHaveLength(2));
    expect(callsOf("preview_asset_import")[1]!.mapping).toEqual([
      "name",
      null,
      "kind",
      "criticality",
      "data_classes",
      "rto",
      "rpo",
    ]);
  });
});

describe("CSV import mapping errors", () => {
  it("shows why a mapping cannot be used and will not go on until it is fixed", async () => {
    // A second backend answers the previews; it is offered the same file, under the same pick.
    const backend = createMockBackend(offered());
    backend.handle("choose_file");
    const { user } = renderTab(offered(), {
      preview_asset_import: (a) => {
        const p = backend.handle("preview_asset_import", a) as Record<string, unknown>;
        if (a.mapping === null) return p;
        return {
          ...p,
          valid_count: 0,
          errors: [],
          mapping_errors: [{ field: "mapping", message: "no column is mapped to Name; pick one" }],
        };
      },
    });
    await user.click(await screen.findByTestId("import-csv"));
    await user.click(screen.getByTestId("import-choose-file"));
    await screen.findByTestId("import-file-facts");
    await user.click(screen.getByRole("button", { name: "Next" }));
    const kind = await screen.findByTestId("import-map-kind");
    await user.click(kind);
    const listbox = document.getElementById(kind.getAttribute("aria-controls") ?? "")!;
    await user.click(within(listbox).getByRole("option", { name: "Owner", hidden: true }));
    expect(await screen.findByTestId("import-mapping-errors")).toHaveTextContent(
      "No column is mapped to Name; pick one",
    );
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
  });
});

describe("CSV export", () => {
  it("asks the shell to save the CSV, proposing a file name, and says where it went", async () => {
    const { user, callsOf } = renderTab();
    await screen.findAllByTestId("asset-row");
    await user.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(callsOf("export_assets_csv")).toHaveLength(1));
    expect(callsOf("export_assets_csv")[0]).toEqual({
      clientId: HARBOUR,
      suggestedName: expect.stringMatching(/^[a-z0-9-]+-assets\.csv$/) as unknown,
    });
  });

  it("says nothing when the save dialog is cancelled", async () => {
    const { user, callsOf } = renderTab({ saveFolder: null });
    await screen.findAllByTestId("asset-row");
    await user.click(screen.getByTestId("export-csv"));
    await waitFor(() => expect(callsOf("export_assets_csv")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("export-csv")).toBeEnabled());
    expect(screen.queryByText(/Assets saved/)).toBeNull();
  });
});

describe("assets screen", () => {
  it("picks a client and shows its assets", async () => {
    const { user } = renderApp();
    await user.click(await screen.findByTestId("nav-assets"));
    const picker = await screen.findByTestId("asset-client-picker");
    await user.click(picker);
    await user.click(
      await screen.findByRole("option", { name: "Harbour Dental Group", hidden: true }),
    );
    expect(await screen.findAllByTestId("asset-row")).toHaveLength(4);
  });
});
