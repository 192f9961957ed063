/**
 * Every role on every kind of object, allowed and forbidden: owner, manager, member, viewer of a lab,
 * and an outsider from another lab. Forbidden means FORBIDDEN for those who may look but not change,
 * and NOT_FOUND (or null) for those who may not even look.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beadsTiff } from "./support/fixtures.js";
import { startHarness, type Client, type Harness } from "./support/harness.js";
import { OPTICS, ROLES, makeLabWorld, type LabWorld, type Role } from "./support/lab-world.js";

let h: Harness;
let w: LabWorld;
beforeAll(async () => {
  h = await startHarness();
  w = await makeLabWorld(h);
});
afterAll(async () => {
  await h?.stop();
});

type Outcome = "ok" | "FORBIDDEN" | "NOT_FOUND" | "null";

async function outcome(c: Client, query: string, variables: Record<string, unknown>, field: string): Promise<Outcome> {
  const r = await c.gql(query, variables);
  if (r.errors?.length) return r.errors[0].extensions?.code as Outcome;
  return r.data?.[field] === null ? "null" : "ok";
}

function expectMatrix(actual: Record<Role, Outcome>, expected: Record<Role, Outcome>) {
  expect(actual).toEqual(expected);
}

async function byRole(f: (c: Client, role: Role) => Promise<Outcome>): Promise<Record<Role, Outcome>> {
  const out = {} as Record<Role, Outcome>;
  for (const role of ROLES) out[role] = await f(w.users[role], role);
  return out;
}

describe("reading", () => {
  it("the lab, its profiles, PSFs and templates: lab members only", async () => {
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { lab(id: $id) { id } }`, { id: w.labId }, "lab")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { microscopeProfile(id: $id) { id } }`, { id: w.profileId }, "microscopeProfile")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { psf(id: $id) { id } }`, { id: w.psfId }, "psf")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { runTemplate(id: $id) { id } }`, { id: w.templateId }, "runTemplate")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
  });

  it("a LAB project and its image and run: every lab member; a PRIVATE project: its members and the lab's staff", async () => {
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { project(id: $id) { id } }`, { id: w.labProjectId }, "project")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { image(id: $id) { id } }`, { id: w.imageId }, "image")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { run(id: $id) { id } }`, { id: w.runId }, "run")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "null" });
    expectMatrix(await byRole((c) => outcome(c, `query($id: ID!) { project(id: $id) { id } }`, { id: w.privateProjectId }, "project")), { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "null", OUTSIDER: "null" });
  });

  it("files: downloadable by those who can read what they belong to", async () => {
    const status = await byRole(async (c) => {
      const s = (await c.get(`/api/files/${w.fileId}`)).status;
      return (s === 200 ? "ok" : s === 404 ? "NOT_FOUND" : String(s)) as Outcome;
    });
    expectMatrix(status, { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "ok", OUTSIDER: "NOT_FOUND" });
  });

  it("lists: the outsider's lists hold nothing of the lab", async () => {
    const x = w.users.OUTSIDER;
    const labs = (await x.ok(`{ labs { nodes { id } } }`)).labs.nodes.map((l: { id: string }) => l.id);
    expect(labs).not.toContain(w.labId);
    expect(labs).toHaveLength(1); // the outsider's personal lab
    expect((await x.ok(`{ projects { nodes { id } } }`)).projects.nodes).toEqual([]);
    const audit = (await x.ok(`{ auditEvents(first: 200) { nodes { labId: lab { id } objectId } } }`)).auditEvents.nodes;
    expect(audit.map((e: { objectId: string }) => e.objectId)).not.toContain(w.runId);
    // the viewer sees the LAB project but not the private one in lists
    const viewerProjects = (await w.users.VIEWER.ok(`query($lab: ID) { projects(labId: $lab) { nodes { id } } }`, { lab: w.labId })).projects.nodes.map((p: { id: string }) => p.id);
    expect(viewerProjects).toEqual([w.labProjectId]);
  });
});

describe("changing", () => {
  it("lab membership: owners and managers invite; others cannot", async () => {
    const result = await byRole((c, role) => outcome(c, `mutation($i: InviteToLabInput!) { inviteToLab(input: $i) { id } }`, { i: { labId: w.labId, email: `new-${role}@lab.test`, role: "MEMBER" } }, "inviteToLab"));
    expectMatrix(result, { OWNER: "ok", MANAGER: "ok", MEMBER: "FORBIDDEN", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" });
    // a manager cannot make owners
    const r = await w.users.MANAGER.gql(`mutation($i: InviteToLabInput!) { inviteToLab(input: $i) { id } }`, { i: { labId: w.labId, email: "boss@lab.test", role: "OWNER" } });
    expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("microscope profiles, the PSF library and templates: owners and managers", async () => {
    expectMatrix(
      await byRole((c, role) => outcome(c, `mutation($i: CreateMicroscopeProfileInput!) { createMicroscopeProfile(input: $i) { id } }`, { i: { labId: w.labId, name: `scope ${role}`, optics: OPTICS } }, "createMicroscopeProfile")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "FORBIDDEN", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
    expectMatrix(
      await byRole((c) => outcome(c, `mutation($i: UpdateMicroscopeProfileInput!) { updateMicroscopeProfile(input: $i) { id } }`, { i: { id: w.profileId, name: "Widefield 60x" } }, "updateMicroscopeProfile")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "FORBIDDEN", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
    expectMatrix(
      await byRole((c) => outcome(c, `mutation($i: GeneratePsfInput!) { generatePsf(input: $i) { id } }`, { i: { profileId: w.profileId, channel: 0, model: "gaussian", size: [5, 9, 9] } }, "generatePsf")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "FORBIDDEN", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
    expectMatrix(
      await byRole((c, role) => outcome(c, `mutation($i: CreateRunTemplateInput!) { createRunTemplate(input: $i) { id } }`, { i: { labId: w.labId, name: `t ${role}`, algorithm: "wiener", params: { nsr: 0.01 } } }, "createRunTemplate")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "FORBIDDEN", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
  });

  it("projects: contributors create them; a viewer cannot", async () => {
    expectMatrix(
      await byRole((c, role) => outcome(c, `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`, { i: { labId: w.labId, name: `p ${role}` } }, "createProject")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
  });

  it("images and runs in a LAB project: its members and the lab's staff; the viewer only looks", async () => {
    const tiff = beadsTiff([4, 16, 16]);
    expectMatrix(
      await byRole(async (c) => {
        const up = (await (await c.upload(tiff, "x.tif")).json()) as { id: string };
        return outcome(c, `mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId: w.labProjectId, fileId: up.id } }, "registerImage");
      }),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
    expectMatrix(
      await byRole((c) => outcome(c, `mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, { i: { projectId: w.labProjectId, imageId: w.imageId, algorithm: "rl", params: { iterations: 1 }, psf: { psfId: w.psfId } } }, "submitRun")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
    expectMatrix(
      await byRole((c) => outcome(c, `mutation($i: UpdateImageInput!) { updateImage(input: $i) { id } }`, { i: { id: w.imageId, tags: ["nuclei"] } }, "updateImage")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
    expectMatrix(
      await byRole((c) => outcome(c, `mutation($i: RerunInput!) { rerun(input: $i) { id } }`, { i: { id: w.runId, params: { iterations: 2 } } }, "rerun")),
      { OWNER: "ok", MANAGER: "ok", MEMBER: "ok", VIEWER: "FORBIDDEN", OUTSIDER: "NOT_FOUND" },
    );
  });

  it("roles: only owners change owners; a lab keeps at least one owner", async () => {
    const viewer = w.users.VIEWER.id;
    expect((await w.users.MEMBER.gql(`mutation($i: SetLabMemberRoleInput!) { setLabMemberRole(input: $i) { role } }`, { i: { labId: w.labId, userId: viewer, role: "MEMBER" } })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await w.users.MANAGER.ok(`mutation($i: SetLabMemberRoleInput!) { setLabMemberRole(input: $i) { role } }`, { i: { labId: w.labId, userId: viewer, role: "VIEWER" } })).setLabMemberRole.role).toBe("VIEWER");
    expect((await w.users.MANAGER.gql(`mutation($i: SetLabMemberRoleInput!) { setLabMemberRole(input: $i) { role } }`, { i: { labId: w.labId, userId: w.users.OWNER.id, role: "MEMBER" } })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await w.users.OWNER.gql(`mutation($i: SetLabMemberRoleInput!) { setLabMemberRole(input: $i) { role } }`, { i: { labId: w.labId, userId: w.users.OWNER.id, role: "MEMBER" } })).errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  it("PSFs in use by a run cannot be deleted; unused ones can, by managers", async () => {
    const used = await w.users.MANAGER.gql(`mutation($id: ID!) { deletePsf(id: $id) }`, { id: w.psfId });
    expect(used.errors?.[0].extensions?.code).toBe("CONFLICT");
    const fresh = (await w.users.MANAGER.ok(`mutation($i: GeneratePsfInput!) { generatePsf(input: $i) { id } }`, { i: { profileId: w.profileId, channel: 0, model: "gaussian", size: [5, 9, 9] } })).generatePsf.id;
    expect((await w.users.MEMBER.gql(`mutation($id: ID!) { deletePsf(id: $id) }`, { id: fresh })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await w.users.MANAGER.ok(`mutation($id: ID!) { deletePsf(id: $id) }`, { id: fresh })).deletePsf).toBe(true);
    expect((await w.users.MANAGER.ok(`query($id: ID!) { psf(id: $id) { id } }`, { id: fresh })).psf).toBeNull();
    // the used one is still readable, with its checksum
    const kept = (await w.users.MEMBER.ok(`query($id: ID!) { psf(id: $id) { sha256 inUse } }`, { id: w.psfId })).psf;
    expect(kept.inUse).toBe(true);
    expect(kept.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
