import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the monorepo root holds the lockfile; tell Next so it does not guess
  outputFileTracingRoot: new URL("../..", import.meta.url).pathname,
  // the engine's PFFFT loader imports Node's "module" on its Node path only; the browser gets a stub
  turbopack: { resolveAlias: { module: { browser: "./src/features/preview/empty-module.ts" } } },
};

export default config;
