import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vite.config";

// The typing measure: same environment as the tests, its own folder, never part of `npm test`.
export default mergeConfig(
  base,
  defineConfig({ test: { include: ["src/bench/**/*.bench.tsx"], testTimeout: 120_000 } }),
);
