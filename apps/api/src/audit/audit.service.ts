/** Append-only audit trail. Every state change calls this inside the transaction that makes the change. */
import type { DbTx } from "../db/client.js";
import { Prisma } from "../db/client.js";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  labId?: string | null;
  projectId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: DbTx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId,
      labId: entry.labId ?? null,
      projectId: entry.projectId ?? null,
      details: (entry.details ?? {}) as Prisma.InputJsonValue,
    },
  });
}
