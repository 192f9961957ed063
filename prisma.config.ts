import { defineConfig } from "prisma/config";

// Used by `prisma generate` (and `prisma migrate deploy` where the native engine exists).
// Offline, migrations are created and applied by prisma/migrate.mjs with the WASM schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://unused@127.0.0.1/unused" },
});
