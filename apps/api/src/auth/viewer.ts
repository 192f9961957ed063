/** Who is calling: resolved once per request from the session cookie or a bearer token. */
import type { Db, User } from "../db/client.js";
import { API_TOKEN_PREFIX, SESSION_PREFIX, hashSecret } from "./tokens.js";

export const SESSION_COOKIE = "refocus_session";

export interface Viewer {
  user: User | null;
  /** The session id when signed in with a session secret (cookie or bearer), so log-out can end it. */
  sessionId: string | null;
}

export const ANONYMOUS: Viewer = { user: null, sessionId: null };

export function secretFromRequest(headers: { authorization?: string; cookie?: string }): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice(7).trim();
  const cookie = headers.cookie;
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

export async function resolveViewer(db: Db, secret: string | null): Promise<Viewer> {
  if (!secret) return ANONYMOUS;
  const tokenHash = hashSecret(secret);
  if (secret.startsWith(SESSION_PREFIX)) {
    const session = await db.session.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!session || session.expiresAt < new Date()) return ANONYMOUS;
    return { user: session.user, sessionId: session.id };
  }
  if (secret.startsWith(API_TOKEN_PREFIX)) {
    const token = await db.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!token || token.revokedAt) return ANONYMOUS;
    // last-use time is informative only: do not hold the request for it
    void db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
    return { user: token.user, sessionId: null };
  }
  return ANONYMOUS;
}
