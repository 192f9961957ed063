/**
 * The API as an Express app: GraphQL at /graphql and the streaming file endpoints. Built by server.ts,
 * and in-process by the integration tests.
 */
import express from "express";
import type { Request, Response, NextFunction } from "express";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { SESSION_COOKIE, resolveViewer, secretFromRequest } from "./auth/viewer.js";
import type { GraphQLContext } from "./graphql/context.js";
import { complexityLimit } from "./graphql/complexity.js";
import { formatError } from "./graphql/format-error.js";
import { createLoaders } from "./graphql/loaders.js";
import { resolvers, typeDefs } from "./graphql/schema.js";
import { auditRoutes } from "./modules/audit/audit.routes.js";
import { fileRoutes } from "./modules/file/file.routes.js";
import { FileStorage } from "./modules/file/storage.js";
import type { JobQueue } from "./queue/job-queue.js";

export interface ApiDeps {
  config: Config;
  db: Db;
  queue: JobQueue;
}

function cors(origins: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && origins.includes(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Allow-Credentials", "true");
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, X-Filename, Apollo-Require-Preflight");
        res.setHeader("Access-Control-Max-Age", "600");
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

export async function createApp(deps: ApiDeps): Promise<{ app: express.Express; stop(): Promise<void> }> {
  const { config, db, queue } = deps;
  const storage = new FileStorage(config.filesDir);
  const viewerOf = (req: Request) => resolveViewer(db, secretFromRequest(req.headers));

  const apollo = new ApolloServer<GraphQLContext>({ typeDefs, resolvers, formatError, introspection: true, validationRules: [complexityLimit] });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.use(cors(config.webOrigins));
  app.get("/healthz", async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false });
    }
  });
  app.use(fileRoutes({ db, config, storage, viewerOf }));
  app.use(auditRoutes({ db, viewerOf }));
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<GraphQLContext> => ({
        db,
        config,
        queue,
        storage,
        loaders: createLoaders(db),
        viewer: await viewerOf(req),
        setSessionCookie: (token, expiresAt) =>
          res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: config.cookieSecure, path: "/", expires: expiresAt }),
        clearSessionCookie: () => res.clearCookie(SESSION_COOKIE, { path: "/" }),
      }),
    }),
  );
  return { app, stop: () => apollo.stop() };
}
