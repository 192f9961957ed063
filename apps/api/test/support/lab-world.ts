/**
 * A facility lab with one user per role, an outsider from another lab, and one of everything
 * (profile, library PSF, template, projects, image, run), made through the public API.
 */
import { beadsTiff } from "./fixtures.js";
import { Client, type Harness } from "./harness.js";

export type Role = "OWNER" | "MANAGER" | "MEMBER" | "VIEWER" | "OUTSIDER";
export const ROLES: Role[] = ["OWNER", "MANAGER", "MEMBER", "VIEWER", "OUTSIDER"];

export const OPTICS = {
  modality: "WIDEFIELD", magnification: 60, na: 1.4, immersionMedium: "oil", immersionIndex: 1.518, sampleIndex: 1.33,
  pixelSizeNm: 100, zStepNm: 300, channels: [{ name: "DAPI", excitationNm: 405, emissionNm: 461 }],
};

export interface LabWorld {
  users: Record<Role, Client & { id: string }>;
  labId: string;
  profileId: string;
  psfId: string;
  templateId: string;
  labProjectId: string;
  privateProjectId: string;
  imageId: string;
  fileId: string;
  runId: string;
}

export async function makeLabWorld(h: Harness, tag = Date.now().toString(36)): Promise<LabWorld> {
  const users = {} as LabWorld["users"];
  for (const role of ROLES) {
    const c = new Client(h.url) as Client & { id: string };
    c.id = (await c.signUp(`${role.toLowerCase()}-${tag}@lab.test`, `${role.toLowerCase()} ${tag}`)).id;
    users[role] = c;
  }
  const owner = users.OWNER;
  const labId = (await owner.ok(`mutation { createLab(input: {name: "Facility ${tag}"}) { id } }`)).createLab.id;
  for (const role of ["MANAGER", "MEMBER", "VIEWER"] as const) {
    const inv = await owner.ok(`mutation($i: InviteToLabInput!) { inviteToLab(input: $i) { id } }`, { i: { labId, email: `${role.toLowerCase()}-${tag}@lab.test`, role } });
    await users[role].ok(`mutation($id: ID!) { acceptInvitation(id: $id) { id } }`, { id: inv.inviteToLab.id });
  }
  const m = users.MANAGER;
  const profileId = (await m.ok(`mutation($i: CreateMicroscopeProfileInput!) { createMicroscopeProfile(input: $i) { id } }`, { i: { labId, name: "Widefield 60x", optics: OPTICS } })).createMicroscopeProfile.id;
  const psfId = (await m.ok(`mutation($i: GeneratePsfInput!) { generatePsf(input: $i) { id } }`, { i: { profileId, channel: 0, model: "gaussian", size: [7, 15, 15] } })).generatePsf.id;
  const templateId = (await m.ok(`mutation($i: CreateRunTemplateInput!) { createRunTemplate(input: $i) { id } }`, { i: { labId, name: "RL 4", algorithm: "rl", params: { iterations: 4 } } })).createRunTemplate.id;
  const u = users.MEMBER;
  const labProjectId = (await u.ok(`mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`, { i: { name: "Shared", labId, visibility: "LAB" } })).createProject.id;
  const privateProjectId = (await u.ok(`mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`, { i: { name: "Mine", labId, visibility: "PRIVATE" } })).createProject.id;
  const fileId = ((await (await u.upload(beadsTiff([8, 32, 32]), "beads.tif")).json()) as { id: string }).id;
  const imageId = (await u.ok(`mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId: labProjectId, fileId, profileId } })).registerImage.id;
  const runId = (await u.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, { i: { projectId: labProjectId, imageId, templateId, psf: { psfId } } })).submitRun.id;
  return { users, labId, profileId, psfId, templateId, labProjectId, privateProjectId, imageId, fileId, runId };
}
