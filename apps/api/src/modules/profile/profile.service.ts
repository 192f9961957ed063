/** Microscope profiles of a lab. The optics live in versions: editing makes a new version. */
import { z } from "zod";
import type { Db, MicroscopeProfile, MicroscopeProfileVersion, Prisma } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, readableLabs, requireLabRole, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { orNotFound } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";

const index = z.number().min(1).max(2.5);
export const ZChannel = z.object({
  name: z.string().trim().min(1, "channel name must not be empty").max(100),
  excitationNm: z.number().min(200).max(2500).nullish(),
  emissionNm: z.number().min(200).max(2000),
});
export const ZOptics = z.object({
  modality: z.enum(["WIDEFIELD", "CONFOCAL", "SPINNING_DISK", "TWO_PHOTON", "LIGHT_SHEET"]),
  magnification: z.number().positive().max(1000),
  na: z.number().positive().max(1.7),
  immersionMedium: z.string().trim().min(1).max(50),
  immersionIndex: index,
  sampleIndex: index,
  coverslipIndex: index.nullish(),
  coverslipThicknessUm: z.number().min(0).max(2000).nullish(),
  pixelSizeNm: z.number().positive().max(100_000),
  zStepNm: z.number().positive().max(1_000_000).nullish(),
  pinholeAiryUnits: z.number().positive().max(20).nullish(),
  channels: z.array(ZChannel).min(1, "a profile needs at least one channel").max(16),
}).refine((o) => o.na < o.immersionIndex, { message: "na must be below the immersion medium's refractive index", path: ["na"] });
export const ZCreateProfileInput = z.object({ labId: z.string(), name: z.string().trim().min(1).max(200), optics: ZOptics });
export const ZUpdateProfileInput = z.object({ id: z.string(), name: z.string().trim().min(1).max(200).nullish(), optics: ZOptics.nullish() });

export type TOptics = z.infer<typeof ZOptics>;
export interface ProfileChannel {
  name: string;
  excitationNm?: number | null;
  emissionNm: number;
}

function versionData(optics: TOptics) {
  return {
    modality: optics.modality,
    magnification: optics.magnification,
    na: optics.na,
    immersionMedium: optics.immersionMedium,
    immersionIndex: optics.immersionIndex,
    sampleIndex: optics.sampleIndex,
    coverslipIndex: optics.coverslipIndex ?? 1.515,
    coverslipThicknessUm: optics.coverslipThicknessUm ?? 170,
    pixelSizeNm: optics.pixelSizeNm,
    zStepNm: optics.zStepNm ?? null,
    pinholeAiryUnits: optics.pinholeAiryUnits ?? null,
    channels: optics.channels as unknown as Prisma.InputJsonValue,
  };
}

export async function createProfile(db: Db, viewer: Viewer, input: unknown): Promise<MicroscopeProfile> {
  const user = requireUser(viewer);
  const { labId, name, optics } = parseInput(ZCreateProfileInput, input);
  await requireLabRole(db, user, labId, "MANAGER", "microscope profiles");
  return db.$transaction(async (tx) => {
    const profile = await tx.microscopeProfile.create({ data: { labId, name, versions: { create: { version: 1, createdById: user.id, ...versionData(optics) } } } });
    await recordAudit(tx, { actorId: user.id, action: "profile.create", objectType: "MicroscopeProfile", objectId: profile.id, labId, details: { name, version: 1, optics } });
    return profile;
  });
}

export async function updateProfile(db: Db, viewer: Viewer, input: unknown): Promise<MicroscopeProfile> {
  const user = requireUser(viewer);
  const args = parseInput(ZUpdateProfileInput, input);
  const profile = await loadProfile(db, viewer, args.id);
  await requireLabRole(db, user, profile.labId, "MANAGER", "microscope profiles");
  return db.$transaction(async (tx) => {
    let version: number | undefined;
    if (args.optics) {
      const last = await tx.microscopeProfileVersion.findFirstOrThrow({ where: { profileId: profile.id }, orderBy: { version: "desc" } });
      version = last.version + 1;
      await tx.microscopeProfileVersion.create({ data: { profileId: profile.id, version, createdById: user.id, ...versionData(args.optics) } });
    }
    const updated = args.name ? await tx.microscopeProfile.update({ where: { id: profile.id }, data: { name: args.name } }) : profile;
    await recordAudit(tx, { actorId: user.id, action: "profile.update", objectType: "MicroscopeProfile", objectId: profile.id, labId: profile.labId, details: { name: args.name ?? undefined, newVersion: version, optics: args.optics ?? undefined } });
    return updated;
  });
}

export async function deleteProfile(db: Db, viewer: Viewer, id: string): Promise<boolean> {
  const user = requireUser(viewer);
  const profile = await loadProfile(db, viewer, id);
  await requireLabRole(db, user, profile.labId, "MANAGER", "microscope profiles");
  await db.$transaction(async (tx) => {
    // versions stay: runs and PSFs keep pointing at them
    await tx.microscopeProfile.update({ where: { id }, data: { deletedAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: "profile.delete", objectType: "MicroscopeProfile", objectId: id, labId: profile.labId, details: { name: profile.name } });
  });
  return true;
}

/** A live profile of one of the viewer's labs (NOT_FOUND otherwise). */
export async function loadProfile(db: Db, viewer: Viewer, id: string): Promise<MicroscopeProfile> {
  return orNotFound(await findProfile(db, viewer, id), `Microscope profile ${id}`);
}

export async function findProfile(db: Db, viewer: Viewer, id: string): Promise<MicroscopeProfile | null> {
  const user = requireUser(viewer);
  return isUuid(id) ? db.microscopeProfile.findFirst({ where: { id, deletedAt: null, lab: readableLabs(user) } }) : null;
}

export function currentVersion(db: Db, profileId: string): Promise<MicroscopeProfileVersion> {
  return db.microscopeProfileVersion.findFirstOrThrow({ where: { profileId }, orderBy: { version: "desc" } });
}

export function listProfiles(db: Db, labId: string, args: PageArgs) {
  const where = { labId, deletedAt: null };
  return paginate(args, (q) => db.microscopeProfile.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.microscopeProfile.count({ where }));
}

export function channelsOf(version: MicroscopeProfileVersion): ProfileChannel[] {
  return Array.isArray(version.channels) ? (version.channels as unknown as ProfileChannel[]) : [];
}
