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
          testTimeout: 120_000,
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
