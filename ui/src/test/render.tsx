import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { App } from "../app/App";
import { createQueryClient } from "../app/queryClient";
import { createMockBackend, type MockOptions } from "../mocks/backend";

export type Call = { cmd: string; args: Record<string, unknown> };

/** Renders the whole app over the in-memory backend. `override` answers chosen commands
 * differently (return a value, or throw an AppError as the Rust side would); every call is
 * recorded in `calls`. */
export function renderApp(
  options: MockOptions = {},
  override: Record<string, (args: Record<string, unknown>) => unknown> = {},
) {
  const backend = createMockBackend(options);
  const calls: Call[] = [];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = override[cmd];
    return handler ? handler(args) : backend.handle(cmd, args);
  });
  const user = userEvent.setup({ delay: null });
  const view = render(<App queryClient={createQueryClient()} />);
  const callsOf = (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  return { ...view, user, backend, calls, callsOf };
}
