import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";

async function start() {
  // `VITE_MOCK_IPC=1 npm run dev` runs the UI in a plain browser against an in-memory
  // backend; add ?mock=first_run, no_keychain, locked, unavailable or empty to the URL.
  // The condition is replaced at build time, so release builds never contain the mock.
  if (import.meta.env.VITE_MOCK_IPC) {
    const { installMockBackend, mockOptionsFor } = await import("./mocks/backend");
    installMockBackend(mockOptionsFor(new URLSearchParams(location.search).get("mock")));
  }
  const root = document.getElementById("root");
  if (!root) throw new Error("index.html has no #root element");
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
