/** The schema is the SDL files of each domain, read from disk, plus each domain's resolvers. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ENGINE_VERSION } from "@refocus/engine";
import { adminResolvers } from "../modules/admin/admin.resolver.js";
import { auditResolvers } from "../modules/audit/audit.resolver.js";
import { fileResolvers } from "../modules/file/file.resolver.js";
import { imageResolvers } from "../modules/image/image.resolver.js";
import { labResolvers } from "../modules/lab/lab.resolver.js";
import { profileResolvers } from "../modules/profile/profile.resolver.js";
import { projectResolvers } from "../modules/project/project.resolver.js";
import { psfResolvers } from "../modules/psf/psf.resolver.js";
import { runResolvers } from "../modules/run/run.resolver.js";
import { userResolvers } from "../modules/user/user.resolver.js";
import { DateTimeScalar, JSONScalar } from "./scalars.js";

const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Every *.graphql file under src/, base first; also read by the web app's code generator. */
export function schemaFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".graphql")) found.push(p);
    }
  };
  walk(srcDir);
  return found.sort((a, b) => Number(b.endsWith("base.graphql")) - Number(a.endsWith("base.graphql")) || a.localeCompare(b));
}

export const typeDefs = schemaFiles().map((f) => fs.readFileSync(f, "utf8"));

export const resolvers = [
  { DateTime: DateTimeScalar, JSON: JSONScalar, Query: { engineVersion: () => ENGINE_VERSION } },
  userResolvers,
  labResolvers,
  projectResolvers,
  profileResolvers,
  psfResolvers,
  fileResolvers,
  imageResolvers,
  runResolvers,
  auditResolvers,
  adminResolvers,
];
