/** Accounts, sessions and API tokens. */
import { z } from "zod";
import type { Db, DbTx, User } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { hashPassword, verifyPassword } from "../../auth/password.js";
import { API_TOKEN_PREFIX, SESSION_PREFIX, hashSecret, newSecret } from "../../auth/tokens.js";
import { requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError } from "../../errors.js";
import { parseInput } from "../../validation.js";
import { createPersonalLab } from "../lab/lab.service.js";

export const ZSignUpInput = z.object({
  email: z.string().trim().toLowerCase().email("email must be a valid address"),
  name: z.string().trim().min(1, "name must not be empty").max(200),
  password: z.string().min(8, "password must have at least 8 characters").max(200),
});
export const ZLogInInput = z.object({ email: z.string().trim().toLowerCase(), password: z.string() });

export interface SignedIn {
  user: User;
  /** The session secret: returned once, as the bearer token and the cookie value. */
  token: string;
  expiresAt: Date;
}

async function createSession(tx: DbTx, user: User, sessionDays: number) {
  const token = newSecret(SESSION_PREFIX);
  const expiresAt = new Date(Date.now() + sessionDays * 86_400_000);
  const session = await tx.session.create({ data: { tokenHash: hashSecret(token), userId: user.id, expiresAt } });
  return { token, expiresAt, session };
}

/** Creates the account, its personal lab and its first session: one change, one audit event. */
export async function signUp(db: Db, input: unknown, sessionDays: number): Promise<SignedIn> {
  const { email, name, password } = parseInput(ZSignUpInput, input);
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    // serialise sign-ups so that exactly one first account becomes the admin
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(4242001)`;
    if (await tx.user.findUnique({ where: { email } })) {
      throw new AppError("CONFLICT", `An account with the email ${email} already exists.`);
    }
    const isFirst = (await tx.user.count()) === 0;
    const user = await tx.user.create({ data: { email, name, passwordHash, role: isFirst ? "ADMIN" : "USER" } });
    const lab = await createPersonalLab(tx, user);
    const { token, expiresAt, session } = await createSession(tx, user, sessionDays);
    await recordAudit(tx, {
      actorId: user.id, action: "user.sign_up", objectType: "User", objectId: user.id, labId: lab.id,
      details: { role: user.role, personalLabId: lab.id, sessionId: session.id },
    });
    return { user, token, expiresAt };
  });
}

export async function logIn(db: Db, input: unknown, sessionDays: number): Promise<SignedIn> {
  const { email, password } = parseInput(ZLogInInput, input);
  const user = await db.user.findUnique({ where: { email } });
  // compare even when the user is unknown, so timing does not tell which emails exist
  const ok = await verifyPassword(password, user?.passwordHash ?? "$2b$11$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva");
  if (!user || !ok) throw new AppError("UNAUTHENTICATED", "Wrong email or password.");
  return db.$transaction(async (tx) => {
    const { token, expiresAt, session } = await createSession(tx, user, sessionDays);
    await recordAudit(tx, { actorId: user.id, action: "user.sign_in", objectType: "Session", objectId: session.id });
    return { user, token, expiresAt };
  });
}

export async function logOut(db: Db, viewer: Viewer): Promise<boolean> {
  const user = requireUser(viewer);
  if (!viewer.sessionId) return false;
  const sessionId = viewer.sessionId;
  await db.$transaction(async (tx) => {
    await tx.session.delete({ where: { id: sessionId } });
    await recordAudit(tx, { actorId: user.id, action: "user.sign_out", objectType: "Session", objectId: sessionId });
  });
  return true;
}

export async function createApiToken(db: Db, viewer: Viewer, name: string) {
  const user = requireUser(viewer);
  const label = name.trim();
  if (!label) throw new AppError("BAD_INPUT", "name must not be empty");
  const token = newSecret(API_TOKEN_PREFIX);
  const apiToken = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({ data: { name: label, tokenHash: hashSecret(token), userId: user.id } });
    await recordAudit(tx, { actorId: user.id, action: "api_token.create", objectType: "ApiToken", objectId: created.id, details: { name: label } });
    return created;
  });
  return { token, apiToken };
}
