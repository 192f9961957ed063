/**
 * Per-request DataLoaders: every `parent → related record` resolver goes through these, so a page of
 * 50 runs costs one query per related table, not 50 (no N+1).
 */
import DataLoader from "dataloader";
import type { Db, MicroscopeProfileVersion } from "../db/client.js";

function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await load([...ids]);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export function createLoaders(db: Db) {
  return {
    user: byId((ids) => db.user.findMany({ where: { id: { in: ids } } })),
    lab: byId((ids) => db.lab.findMany({ where: { id: { in: ids } } })),
    project: byId((ids) => db.project.findMany({ where: { id: { in: ids } } })),
    image: byId((ids) => db.image.findMany({ where: { id: { in: ids } } })),
    file: byId((ids) => db.storedFile.findMany({ where: { id: { in: ids } } })),
    psf: byId((ids) => db.psf.findMany({ where: { id: { in: ids } } })),
    profile: byId((ids) => db.microscopeProfile.findMany({ where: { id: { in: ids } } })),
    profileVersion: byId((ids) => db.microscopeProfileVersion.findMany({ where: { id: { in: ids } } })),
    run: byId((ids) => db.run.findMany({ where: { id: { in: ids } } })),
    dataset: byId((ids) => db.dataset.findMany({ where: { id: { in: ids } } })),
    template: byId((ids) => db.runTemplate.findMany({ where: { id: { in: ids } } })),
    batch: byId((ids) => db.runBatch.findMany({ where: { id: { in: ids } } })),
    /** The latest version of each profile. */
    currentProfileVersion: new DataLoader<string, MicroscopeProfileVersion | null>(async (profileIds) => {
      const rows = await db.microscopeProfileVersion.findMany({ where: { profileId: { in: [...profileIds] } }, orderBy: { version: "desc" }, distinct: ["profileId"] });
      const map = new Map(rows.map((r) => [r.profileId, r]));
      return profileIds.map((id) => map.get(id) ?? null);
    }),
    /** The signed-in user's role per lab: key is the lab id. */
    myLabRole: (userId: string) =>
      new DataLoader<string, import("../db/generated/enums.js").LabRole | null>(async (labIds) => {
        const rows = await db.labMember.findMany({ where: { userId, labId: { in: [...labIds] } } });
        const map = new Map(rows.map((r) => [r.labId, r.role]));
        return labIds.map((id) => map.get(id) ?? null);
      }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Loads a row that must exist (a foreign key guarantees it). */
export async function must<T>(p: Promise<T | null>, what: string): Promise<T> {
  const row = await p;
  if (!row) throw new Error(`${what} is missing`);
  return row;
}
