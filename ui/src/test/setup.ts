import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { notifications } from "@mantine/notifications";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach } from "vitest";

// jsdom lacks the layout APIs Mantine's components call. Reduced motion is "on" so that
// drawers and dialogs open without a transition to wait for.
window.matchMedia = (query: string) =>
  ({
    matches: query.includes("prefers-reduced-motion"),
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;
window.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
window.HTMLElement.prototype.scrollIntoView = () => {};

afterEach(() => {
  cleanup();
  clearMocks();
  // The notifications store outlives a render; without this one test's toasts show in the next.
  notifications.clean();
  localStorage.clear();
});
