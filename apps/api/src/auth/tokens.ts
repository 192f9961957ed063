/** Secrets for sessions and API tokens: random, shown once, stored only as SHA-256. */
import { createHash, randomBytes } from "node:crypto";

export const SESSION_PREFIX = "rfs_";
export const API_TOKEN_PREFIX = "rfk_";

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
