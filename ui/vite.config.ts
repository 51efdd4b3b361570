import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import pkg from "./package.json" with { type: "json" };

// Tauri serves dist/ from a custom protocol, so assets must be relative (base "./") and the
// dev server must sit on the fixed port that tauri.conf.json's devUrl points at.
export default defineConfig({
  plugins: [react()],
  // Shown in Settings > About; tauri.conf.json carries the same version.
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  base: "./",
  clearScreen: false,
  envPrefix: ["VITE_", "TAURI_"],
  server: { port: 1420, strictPort: true },
  // One ~600 KB bundle read from local disk costs nothing worth splitting for.
  build: { outDir: "dist", target: "es2022", chunkSizeWarningLimit: 1024 },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    // Whole-app tests click through many inputs; on a shared, loaded machine they can pass
    // 5 s without anything being wrong.
    testTimeout: 20_000,
    css: false,
  },
});
