/**
 * The PSF library of each microscope profile and channel: PSFs generated from the profile by an
 * engine model, uploaded, distilled from bead images, or estimated by blind deconvolution.
 * Versioned per profile and channel; old versions stay readable; one default per channel; a PSF
 * that a run used cannot be deleted.
 */
import { z } from "zod";
import { distillPsf as engineDistill, generatePsf as engineGenerate, gaussianPsf, measurePsf, readTiffVolume, writeTiff, ZPsfModel, type Volume } from "@refocus/engine";
import type { Db, DbTx, MicroscopeProfileVersion, Prisma, Psf } from "../../db/client.js";
import { recordAudit } from "../../audit/audit.service.js";
import { isUuid, readablePsfs, requireLabRole, requireUser } from "../../auth/access.js";
import type { Viewer } from "../../auth/viewer.js";
import { AppError, orNotFound } from "../../errors.js";
import { NEWEST_FIRST, paginate, type PageArgs } from "../../graphql/pagination.js";
import { parseInput } from "../../validation.js";
import { findReadableFile, saveGeneratedFile } from "../file/file.service.js";
import type { FileStorage } from "../file/storage.js";
import { loadReadableImage, imageVolume } from "../image/image.service.js";
import { channelsOf, currentVersion, loadProfile } from "../profile/profile.service.js";

const MAX_PSF_VOXELS = 128 * 256 * 256;
const ZSize = z.array(z.number().int().min(1).max(1024)).length(3, "size must be [z, y, x]").refine((s) => s[0] * s[1] * s[2] <= MAX_PSF_VOXELS, {
  message: `size: at most ${MAX_PSF_VOXELS} voxels`,
});
const ZLibraryTarget = z.object({
  profileId: z.string(),
  channel: z.number().int().min(0),
  name: z.string().trim().max(200).nullish(),
  makeDefault: z.boolean().nullish(),
});
export const ZGeneratePsfInput = ZLibraryTarget.extend({ model: ZPsfModel, size: ZSize, params: z.record(z.string(), z.unknown()).nullish() });
export const ZUploadPsfInput = ZLibraryTarget.extend({ fileId: z.string() });
export const ZDistillPsfInput = ZLibraryTarget.extend({
  imageIds: z.array(z.string()).min(1, "imageIds: give at least one bead image").max(50),
  beadDiameterNm: z.number().min(0).max(10_000),
  size: ZSize,
});

export interface PsfQuality {
  shape: [number, number, number];
  fwhmPixels: { z: number; y: number; x: number };
  fwhmNm?: { z: number; y: number; x: number };
  axialAsymmetry: number;
  lateralEllipticity: number;
}

function qualityOf(psf: Volume): PsfQuality {
  const m = measurePsf(psf);
  return { shape: [psf.shape[0], psf.shape[1], psf.shape[2]], fwhmPixels: m.fwhmPixels, fwhmNm: m.fwhmNm, axialAsymmetry: m.axialAsymmetry, lateralEllipticity: m.lateralEllipticity };
}

/** Engine parameters of a profile version and channel, lengths in nm (the model's own schema checks them). */
export function opticsParams(v: MicroscopeProfileVersion, channel: number): Record<string, unknown> {
  const ch = channelsOf(v)[channel];
  if (!ch) throw new AppError("BAD_INPUT", `channel: the profile has ${channelsOf(v).length} channel(s), numbered from 0.`);
  return {
    na: v.na,
    wavelengthNm: ch.emissionNm,
    ...(ch.excitationNm ? { excitationWavelengthNm: ch.excitationNm } : {}),
    ni: v.immersionIndex,
    ns: v.sampleIndex,
    ng: v.coverslipIndex,
    coverslipNm: v.coverslipThicknessUm * 1000,
    pixelNm: v.pixelSizeNm,
    zStepNm: v.zStepNm ?? 250,
    ...(v.pinholeAiryUnits ? { pinholeAu: v.pinholeAiryUnits } : {}),
  };
}

interface NewLibraryPsf {
  labId: string;
  profileId: string;
  profileVersionId: string;
  channel: number;
  name: string;
  source: "THEORETICAL" | "UPLOADED" | "DISTILLED" | "BLIND";
  model?: string;
  params: Record<string, unknown>;
  fileId: string;
  sha256: string;
  quality: PsfQuality;
  makeDefault: boolean;
  createdById: string;
}

/** Adds a PSF to a profile's library as the channel's next version (inside the caller's transaction). */
export async function addToLibrary(tx: DbTx, p: NewLibraryPsf): Promise<Psf> {
  const last = await tx.psf.findFirst({ where: { profileId: p.profileId, channel: p.channel }, orderBy: { version: "desc" }, select: { version: true } });
  const hasDefault = (await tx.psf.count({ where: { profileId: p.profileId, channel: p.channel, isDefault: true, deletedAt: null } })) > 0;
  const isDefault = p.makeDefault || !hasDefault; // the first PSF of a channel is its default
  if (isDefault) await tx.psf.updateMany({ where: { profileId: p.profileId, channel: p.channel, isDefault: true }, data: { isDefault: false } });
  const version = (last?.version ?? 0) + 1;
  return tx.psf.create({
    data: {
      labId: p.labId, profileId: p.profileId, profileVersionId: p.profileVersionId, channel: p.channel, version,
      name: p.name || `${p.model ?? p.source.toLowerCase()} v${version}`, source: p.source, model: p.model ?? null,
      params: p.params as Prisma.InputJsonValue, fileId: p.fileId, sha256: p.sha256, quality: p.quality as unknown as Prisma.InputJsonValue,
      isDefault, createdById: p.createdById,
    },
  });
}

async function libraryTarget(db: Db, viewer: Viewer, profileId: string, channel: number) {
  const user = requireUser(viewer);
  const profile = await loadProfile(db, viewer, profileId);
  await requireLabRole(db, user, profile.labId, "MANAGER", "the PSF library");
  const version = await currentVersion(db, profile.id);
  if (!channelsOf(version)[channel]) throw new AppError("BAD_INPUT", `channel: the profile has ${channelsOf(version).length} channel(s), numbered from 0.`);
  return { user, profile, version };
}

export async function generateLibraryPsf(db: Db, storage: FileStorage, viewer: Viewer, input: unknown): Promise<Psf> {
  const args = parseInput(ZGeneratePsfInput, input);
  const { user, profile, version } = await libraryTarget(db, viewer, args.profileId, args.channel);
  const params = { ...opticsParams(version, args.channel), ...(args.params ?? {}), shape: args.size };
  const psf = engineGenerate(args.model, params);
  const tiff = writeTiff(psf, { sampleType: "float32", provenance: { tool: "refocus psf library", model: args.model, params } });
  return db.$transaction(async (tx) => {
    const file = await saveGeneratedFile(tx, storage, tiff, { originalName: `${profile.name}-ch${args.channel}-${args.model}.tif`, contentType: "image/tiff", ownerId: user.id });
    const row = await addToLibrary(tx, {
      labId: profile.labId, profileId: profile.id, profileVersionId: version.id, channel: args.channel, name: args.name ?? "", source: "THEORETICAL",
      model: args.model, params, fileId: file.id, sha256: file.sha256, quality: qualityOf(psf), makeDefault: !!args.makeDefault, createdById: user.id,
    });
    await recordAudit(tx, { actorId: user.id, action: "psf.create", objectType: "Psf", objectId: row.id, labId: profile.labId, details: { source: "THEORETICAL", model: args.model, profileId: profile.id, profileVersion: version.version, channel: args.channel, version: row.version, sha256: file.sha256 } });
    return row;
  });
}

export async function uploadLibraryPsf(db: Db, storage: FileStorage, viewer: Viewer, input: unknown): Promise<Psf> {
  const args = parseInput(ZUploadPsfInput, input);
  const { user, profile, version } = await libraryTarget(db, viewer, args.profileId, args.channel);
  const file = await findReadableFile(db, viewer, args.fileId);
  const psf = await readTiffVolume(await storage.read(file.id), { channel: 0, frame: 0 });
  return db.$transaction(async (tx) => {
    const row = await addToLibrary(tx, {
      labId: profile.labId, profileId: profile.id, profileVersionId: version.id, channel: args.channel, name: args.name ?? file.originalName, source: "UPLOADED",
      params: { uploadedName: file.originalName }, fileId: file.id, sha256: file.sha256, quality: qualityOf(psf), makeDefault: !!args.makeDefault, createdById: user.id,
    });
    await recordAudit(tx, { actorId: user.id, action: "psf.create", objectType: "Psf", objectId: row.id, labId: profile.labId, details: { source: "UPLOADED", fileId: file.id, profileId: profile.id, channel: args.channel, version: row.version, sha256: file.sha256 } });
    return row;
  });
}

export async function distillLibraryPsf(db: Db, storage: FileStorage, viewer: Viewer, input: unknown): Promise<Psf> {
  const args = parseInput(ZDistillPsfInput, input);
  const { user, profile, version } = await libraryTarget(db, viewer, args.profileId, args.channel);
  const images = await Promise.all(args.imageIds.map((id) => loadReadableImage(db, viewer, id)));
  const volumes = await Promise.all(images.map((img) => imageVolume(storage, img)));
  const result = engineDistill(volumes, { beadDiameterNm: args.beadDiameterNm, size: [args.size[0], args.size[1], args.size[2]] });
  if (result.counts.used === 0) {
    throw new AppError("BAD_INPUT", `No usable bead: ${result.counts.detected} detected, ${result.counts.edge} at the edge, ${result.counts.saturated} saturated, ${result.counts.touching} touching.`);
  }
  const params = { imageIds: args.imageIds, beadDiameterNm: args.beadDiameterNm, size: args.size, counts: result.counts, rejected: result.rejected.map((b) => ({ image: b.image, peak: b.peak, reason: b.reason })) };
  const tiff = writeTiff(result.psf, { sampleType: "float32", provenance: { tool: "refocus psf distill", ...params } });
  return db.$transaction(async (tx) => {
    const file = await saveGeneratedFile(tx, storage, tiff, { originalName: `${profile.name}-ch${args.channel}-distilled.tif`, contentType: "image/tiff", ownerId: user.id });
    const row = await addToLibrary(tx, {
      labId: profile.labId, profileId: profile.id, profileVersionId: version.id, channel: args.channel, name: args.name ?? "", source: "DISTILLED",
      params, fileId: file.id, sha256: file.sha256, quality: qualityOf(result.psf), makeDefault: !!args.makeDefault, createdById: user.id,
    });
    await recordAudit(tx, { actorId: user.id, action: "psf.create", objectType: "Psf", objectId: row.id, labId: profile.labId, details: { source: "DISTILLED", counts: result.counts, profileId: profile.id, channel: args.channel, version: row.version, sha256: file.sha256 } });
    return row;
  });
}

/** A Gaussian PSF made for one run (the quick path without a library); stored like any other PSF. */
export async function createRunGaussianPsf(tx: DbTx, storage: FileStorage, args: { projectId: string; userId: string; shape: [number, number, number]; sigmaXY: number; sigmaZ: number; voxelSize?: { x: number; y: number; z: number; unit: string } }): Promise<Psf> {
  const psf = gaussianPsf({ shape: args.shape, sigmaXY: args.sigmaXY, sigmaZ: args.sigmaZ, voxelSize: args.voxelSize });
  const params = { shape: args.shape, sigmaXY: args.sigmaXY, sigmaZ: args.sigmaZ };
  const tiff = writeTiff(psf, { sampleType: "float32", provenance: { tool: "refocus gaussian psf", params } });
  const file = await saveGeneratedFile(tx, storage, tiff, { originalName: `gaussian-${args.sigmaXY}-${args.sigmaZ}.tif`, contentType: "image/tiff", ownerId: args.userId });
  return tx.psf.create({ data: { projectId: args.projectId, source: "THEORETICAL", model: "gaussian", name: `Gaussian σ ${args.sigmaXY}/${args.sigmaZ} px`, params, fileId: file.id, sha256: file.sha256, quality: qualityOf(psf) as unknown as Prisma.InputJsonValue, createdById: args.userId } });
}

export async function loadReadablePsf(db: Db, viewer: Viewer, id: string): Promise<Psf> {
  return orNotFound(await findPsf(db, viewer, id), `PSF ${id}`);
}

export async function findPsf(db: Db, viewer: Viewer, id: string): Promise<Psf | null> {
  const user = requireUser(viewer);
  return isUuid(id) ? db.psf.findFirst({ where: { AND: [{ id }, readablePsfs(user)] } }) : null;
}

async function requireLibraryManager(db: Db, viewer: Viewer, id: string): Promise<Psf & { labId: string }> {
  const user = requireUser(viewer);
  const psf = await loadReadablePsf(db, viewer, id);
  if (!psf.labId || !psf.profileId) throw new AppError("BAD_INPUT", "This PSF belongs to a run, not to a PSF library.");
  await requireLabRole(db, user, psf.labId, "MANAGER", "the PSF library");
  return psf as Psf & { labId: string };
}

export async function setDefaultPsf(db: Db, viewer: Viewer, id: string): Promise<Psf> {
  const user = requireUser(viewer);
  const psf = await requireLibraryManager(db, viewer, id);
  return db.$transaction(async (tx) => {
    await tx.psf.updateMany({ where: { profileId: psf.profileId, channel: psf.channel, isDefault: true }, data: { isDefault: false } });
    const updated = await tx.psf.update({ where: { id }, data: { isDefault: true } });
    await recordAudit(tx, { actorId: user.id, action: "psf.set_default", objectType: "Psf", objectId: id, labId: psf.labId, details: { profileId: psf.profileId, channel: psf.channel, version: psf.version } });
    return updated;
  });
}

export async function deletePsf(db: Db, viewer: Viewer, id: string): Promise<boolean> {
  const user = requireUser(viewer);
  const psf = await requireLibraryManager(db, viewer, id);
  const runs = await db.run.count({ where: { psfId: id } });
  if (runs > 0) throw new AppError("CONFLICT", `This PSF is used by ${runs} run(s) and cannot be deleted; it stays in the library for their provenance.`);
  await db.$transaction(async (tx) => {
    await tx.psf.update({ where: { id }, data: { deletedAt: new Date(), isDefault: false } });
    await recordAudit(tx, { actorId: user.id, action: "psf.delete", objectType: "Psf", objectId: id, labId: psf.labId, details: { profileId: psf.profileId, channel: psf.channel, version: psf.version } });
  });
  return true;
}

export function listLibraryPsfs(db: Db, profileId: string, args: PageArgs & { channel?: number | null }) {
  const where: Prisma.PsfWhereInput = { profileId, deletedAt: null, ...(args.channel != null ? { channel: args.channel } : {}) };
  return paginate(args, (q) => db.psf.findMany({ where, orderBy: NEWEST_FIRST, ...q }), () => db.psf.count({ where }));
}

export function defaultPsf(db: Db, profileId: string, channel: number): Promise<Psf | null> {
  return db.psf.findFirst({ where: { profileId, channel, isDefault: true, deletedAt: null } });
}
