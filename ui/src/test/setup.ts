import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
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

// The machines these run on are shared and often loaded: a first render can take more than
// Testing Library's default 1 s to appear without anything being wrong.
configure({ asyncUtilTimeout: 4000 });

afterEach(() => {
  cleanup();
  clearMocks();
  // The notifications store outlives a render; without this one test's toasts show in the next.
  notifications.clean();
  localStorage.clear();
});
