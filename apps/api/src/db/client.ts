/** The one place that creates Prisma clients. */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.js";

export type Db = PrismaClient;
/** A client or an interactive transaction: services take this so callers can compose transactions. */
export type DbTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(databaseUrl: string, poolSize = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

export { Prisma } from "./generated/client.js";
export type {
  User, Project, Run, Image, StoredFile, Psf, Lab, LabMember, Invitation, MicroscopeProfile, MicroscopeProfileVersion,
  Dataset, RunBatch, RunTemplate, AuditEvent,
} from "./generated/client.js";
export { RunStatus, UserRole, PsfSource, LabRole } from "./generated/enums.js";
