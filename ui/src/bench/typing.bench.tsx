/** Script time per keystroke in the largest forms, against a bare input in the same harness
 * (jsdom, React, Mantine). Run by `make bench` (npm run bench); prints, asserts nothing. */
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider } from "@tanstack/react-query";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { useState, type ReactNode } from "react";
import { it } from "vitest";
import { createQueryClient } from "../app/queryClient";
import { theme } from "../app/theme";
import { AssetForm } from "../features/assets/AssetForm";
import { emptyFormValues as emptyAsset } from "../features/assets/formValues";
import { ClientForm } from "../features/clients/ClientForm";
import { emptyFormValues as emptyClient } from "../features/clients/formValues";
import { createMockBackend } from "../mocks/backend";

const KEYS = 40;

function Bare() {
  const [v, setV] = useState("");
  return <input data-testid="bare" value={v} onChange={(e) => setV(e.currentTarget.value)} />;
}

function msPerKey(ui: ReactNode, testId: string): number {
  const backend = createMockBackend();
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Record<string, unknown>));
  const view = render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>
    </MantineProvider>,
  );
  const input = screen.getByTestId(testId);
  let text = "";
  // Warm up, then measure: each keystroke is one input event and React's render of it.
  for (let i = 0; i < 5; i++)
    act(() => void fireEvent.change(input, { target: { value: (text += "a") } }));
  const start = performance.now();
  for (let i = 0; i < KEYS; i++) {
    act(() => void fireEvent.change(input, { target: { value: (text += "b") } }));
  }
  const ms = (performance.now() - start) / KEYS;
  view.unmount();
  return ms;
}

it("script time per keystroke", () => {
  const bare = msPerKey(<Bare />, "bare");
  const noop = () => {};
  const rows: [string, number][] = [
    ["bare <input> (baseline)", bare],
    [
      "New client form, Name",
      msPerKey(
        <ClientForm clientId={null} initialValues={emptyClient()} onSaved={noop} onCancel={noop} />,
        "client-name-input",
      ),
    ],
    [
      "New asset form, Name",
      msPerKey(
        <AssetForm
          clientId="0197c2de-0000-7000-8000-000000000001"
          assetId={null}
          initialValues={emptyAsset()}
          onSaved={noop}
          onCancel={noop}
        />,
        "asset-name-input",
      ),
    ],
  ];
  for (const [name, ms] of rows) {
    console.log(
      `typing: ${name.padEnd(28)} ${ms.toFixed(2).padStart(7)} ms/keystroke  ${(ms / bare).toFixed(1)}x bare`,
    );
  }
}, 120_000);
