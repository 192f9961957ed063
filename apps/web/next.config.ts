import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // the monorepo root holds the lockfile; tell Next so it does not guess
  outputFileTracingRoot: new URL("../..", import.meta.url).pathname,
};

export default config;
