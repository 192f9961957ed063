import { defineConfig } from "vitest/config";

// One runner for the whole repository; `npm test` (scripts/test.mjs) runs these projects, then Playwright.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "engine",
          root: "packages/engine",
          include: ["test/**/*.test.ts"],
          // real-data comparisons (gpu.js in cpu mode, 25-iteration catalogue) take minutes on 2 cores
          testTimeout: 600_000,
          pool: "forks",
        },
      },
      {
        test: {
          name: "api",
          root: "apps/api",
          include: ["test/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: "forks",
          fileParallelism: false,
        },
      },
    ],
  },
});
