/**
 * Versioning, audit completeness, reproducibility, batches and templates, and the schema's limits,
 * against a real database with the real queue and engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileStorage } from "../src/modules/file/storage.js";
import { DECONVOLVE_JOB } from "../src/queue/jobs.js";
import { handleDeconvolveJob } from "../src/worker/deconvolve.handler.js";
import { beadsTiff } from "./support/fixtures.js";
import { startHarness, type Client, type Harness } from "./support/harness.js";
import { waitForRun } from "./support/wait-for-run.js";
import { OPTICS, makeLabWorld, type LabWorld } from "./support/lab-world.js";

let h: Harness;
let w: LabWorld;

const RUN_FIELDS = "reproducedMatch outputDataSha256 output { sha256 url } profileVersion { version } error";

beforeAll(async () => {
  h = await startHarness();
  const storage = new FileStorage(h.config.filesDir);
  await h.queue.boss.work(DECONVOLVE_JOB.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    await handleDeconvolveJob({ db: h.db, storage, threads: 1 }, job);
  });
  w = await makeLabWorld(h);
});
afterAll(async () => {
  await h?.stop();
});

describe("versioning", () => {
  it("editing a profile makes a new version and does not change past runs or PSFs", async () => {
    const m = w.users.MANAGER;
    const first = await waitForRun(w.users.MEMBER, w.runId, RUN_FIELDS);
    expect(first.status).toBe("SUCCEEDED");
    expect(first.profileVersion.version).toBe(1);
    const { updateMicroscopeProfile } = await m.ok(`mutation($i: UpdateMicroscopeProfileInput!) { updateMicroscopeProfile(input: $i) { current { version na } versions { version na } } }`, {
      i: { id: w.profileId, optics: { ...OPTICS, na: 1.3 } },
    });
    expect(updateMicroscopeProfile.current).toEqual({ version: 2, na: 1.3 });
    expect(updateMicroscopeProfile.versions).toEqual([{ version: 2, na: 1.3 }, { version: 1, na: 1.4 }]);
    const again = (await w.users.MEMBER.ok(`query($id: ID!) { run(id: $id) { profileVersion { version na } } }`, { id: w.runId })).run;
    expect(again.profileVersion).toEqual({ version: 1, na: 1.4 });
    const psf = (await m.ok(`query($id: ID!) { psf(id: $id) { profileVersion { version } version } }`, { id: w.psfId })).psf;
    expect(psf).toEqual({ profileVersion: { version: 1 }, version: 1 });
    // a PSF generated now uses version 2 and becomes the channel's version 2
    const next = (await m.ok(`mutation($i: GeneratePsfInput!) { generatePsf(input: $i) { version isDefault profileVersion { version } params } }`, { i: { profileId: w.profileId, channel: 0, model: "born-wolf", size: [5, 15, 15], makeDefault: true } })).generatePsf;
    expect(next).toMatchObject({ version: 2, isDefault: true, profileVersion: { version: 2 } });
    expect(next.params).toMatchObject({ na: 1.3, wavelengthNm: 461, pixelNm: 100, zStepNm: 300 });
    const lib = (await m.ok(`query($id: ID!) { microscopeProfile(id: $id) { defaultPsf(channel: 0) { version } psfs(channel: 0) { totalCount nodes { version isDefault } } } }`, { id: w.profileId })).microscopeProfile;
    expect(lib.defaultPsf.version).toBe(2);
    expect(lib.psfs.nodes.filter((p: { isDefault: boolean }) => p.isDefault)).toHaveLength(1);
  });
});

describe("audit", () => {
  async function events() {
    return h.db.auditEvent.count();
  }

  it("writes exactly one event per mutation", async () => {
    const u = w.users.MEMBER;
    const m = w.users.MANAGER;
    const file = ((await (await u.upload(beadsTiff([4, 16, 16]), "a.tif")).json()) as { id: string }).id;
    const mutations: [Client, string, Record<string, unknown>][] = [
      [m, `mutation($i: CreateLabInput!) { createLab(input: $i) { id } }`, { i: { name: "Another" } }],
      [m, `mutation($i: CreateMicroscopeProfileInput!) { createMicroscopeProfile(input: $i) { id } }`, { i: { labId: w.labId, name: "Confocal", optics: { ...OPTICS, modality: "CONFOCAL", pinholeAiryUnits: 1 } } }],
      [m, `mutation($i: UpdateMicroscopeProfileInput!) { updateMicroscopeProfile(input: $i) { id } }`, { i: { id: w.profileId, optics: OPTICS } }],
      [m, `mutation($i: GeneratePsfInput!) { generatePsf(input: $i) { id } }`, { i: { profileId: w.profileId, channel: 0, model: "gaussian", size: [5, 9, 9] } }],
      [m, `mutation($i: CreateRunTemplateInput!) { createRunTemplate(input: $i) { id } }`, { i: { labId: w.labId, name: "Wiener", algorithm: "wiener", params: { nsr: 0.01 } } }],
      [u, `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`, { i: { labId: w.labId, name: "Audit me" } }],
      [u, `mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId: w.labProjectId, fileId: file } }],
      [u, `mutation($i: UpdateImageInput!) { updateImage(input: $i) { id } }`, { i: { id: w.imageId, voxelSizeOverride: { x: 0.1, y: 0.1, z: 0.25, unit: "µm" } } }],
      [u, `mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id } }`, { i: { projectId: w.labProjectId, name: "set", imageIds: [w.imageId] } }],
      [u, `mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, { i: { projectId: w.labProjectId, imageId: w.imageId, algorithm: "rl", params: { iterations: 1 }, psf: { psfId: w.psfId } } }],
      [m, `mutation($i: SetLabMemberRoleInput!) { setLabMemberRole(input: $i) { role } }`, { i: { labId: w.labId, userId: w.users.VIEWER.id, role: "VIEWER" } }],
      [u, `mutation { createApiToken(name: "ci") { token } }`, {}],
    ];
    for (const [client, query, variables] of mutations) {
      const before = await events();
      await client.ok(query, variables);
      // the queued run's own events (start, succeed) come from the worker later, not from the mutation
      const added = await h.db.auditEvent.findMany({ where: { id: { gt: BigInt(before) } }, orderBy: { id: "asc" } });
      const byMutation = added.filter((e) => e.actorId !== null);
      expect(byMutation, query).toHaveLength(1);
    }
  });

  it("rolls the event back with a failed change, and the change back with a failed event", async () => {
    const before = await events();
    // a failing change writes no event
    const bad = await w.users.MANAGER.gql(`mutation($i: CreateMicroscopeProfileInput!) { createMicroscopeProfile(input: $i) { id } }`, { i: { labId: w.labId, name: "x", optics: { ...OPTICS, na: 1.6 } } });
    expect(bad.errors?.[0].extensions?.code).toBe("BAD_INPUT");
    expect(bad.errors?.[0].message).toContain("na");
    expect(await events()).toBe(before);
    // an event that cannot be written takes its change with it (same transaction)
    await h.db.$executeRawUnsafe(`CREATE FUNCTION refocus_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'profile.create' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`);
    await h.db.$executeRawUnsafe(`CREATE TRIGGER refocus_test_refuse BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION refocus_test_refuse()`);
    try {
      const profilesBefore = await h.db.microscopeProfile.count();
      const r = await w.users.MANAGER.gql(`mutation($i: CreateMicroscopeProfileInput!) { createMicroscopeProfile(input: $i) { id } }`, { i: { labId: w.labId, name: "Rolled back", optics: OPTICS } });
      expect(r.errors?.length).toBe(1);
      expect(await h.db.microscopeProfile.count()).toBe(profilesBefore);
      expect(await h.db.microscopeProfile.count({ where: { name: "Rolled back" } })).toBe(0);
    } finally {
      await h.db.$executeRawUnsafe(`DROP TRIGGER refocus_test_refuse ON "AuditEvent"`);
      await h.db.$executeRawUnsafe(`DROP FUNCTION refocus_test_refuse()`);
    }
  });

  it("is append-only in the database itself", async () => {
    await expect(h.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(h.db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
  });

  it("filters by lab, project, user, object and time, and exports CSV", async () => {
    const m = w.users.MANAGER;
    // fix the end of the window: queued runs keep adding events while the test reads
    const to = new Date().toISOString();
    const all = (await m.ok(`query($f: AuditFilter) { auditEvents(filter: $f, first: 200) { totalCount nodes { action objectId actor { id } } } }`, { f: { labId: w.labId, to } })).auditEvents;
    const actions = new Set(all.nodes.map((e: { action: string }) => e.action));
    for (const a of ["profile.create", "psf.create", "template.create", "project.create", "run.submit", "run.start", "run.succeed", "lab.invite", "lab.join"]) expect(actions, a).toContain(a);
    const byRun = (await m.ok(`query($f: AuditFilter) { auditEvents(filter: $f) { nodes { action } } }`, { f: { objectType: "Run", objectId: w.runId } })).auditEvents.nodes.map((e: { action: string }) => e.action);
    expect(byRun.reverse().slice(0, 3)).toEqual(["run.submit", "run.start", "run.succeed"]);
    const byUser = (await m.ok(`query($f: AuditFilter) { auditEvents(filter: $f, first: 200) { nodes { actor { id } } } }`, { f: { actorId: w.users.MEMBER.id, labId: w.labId } })).auditEvents.nodes;
    expect(byUser.length).toBeGreaterThan(2);
    expect(byUser.every((e: { actor: { id: string } }) => e.actor.id === w.users.MEMBER.id)).toBe(true);
    const future = (await m.ok(`query($f: AuditFilter) { auditEvents(filter: $f) { totalCount } }`, { f: { labId: w.labId, from: new Date(Date.now() + 3_600_000).toISOString() } })).auditEvents.totalCount;
    expect(future).toBe(0);
    // members see their projects' events, not the lab's management
    const member = (await w.users.MEMBER.ok(`query($f: AuditFilter) { auditEvents(filter: $f, first: 200) { nodes { action } } }`, { f: { labId: w.labId } })).auditEvents.nodes.map((e: { action: string }) => e.action);
    expect(member).toContain("run.submit");
    expect(member).not.toContain("lab.invite");

    const csv = await (await m.get(`/api/audit.csv?labId=${w.labId}&to=${encodeURIComponent(to)}`)).text();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("id,at,actor_email,action,object_type,object_id,lab_id,project_id,details");
    expect(lines.length - 1).toBe(all.totalCount);
    expect(csv).toContain(`run.submit,Run,${w.runId}`);
    expect((await w.users.OUTSIDER.get(`/api/audit.csv?labId=${w.labId}`)).status).toBe(200);
    expect((await (await w.users.OUTSIDER.get(`/api/audit.csv?labId=${w.labId}`)).text()).trim().split("\n")).toHaveLength(1);
  });
});

describe("runs", () => {
  it("reproduces a run: same record, same output bytes", async () => {
    const u = w.users.MEMBER;
    const source = await waitForRun(u, w.runId, RUN_FIELDS);
    const { reproduceRun } = await u.ok(`mutation($id: ID!) { reproduceRun(id: $id) { id reproduces sourceRun { id } } }`, { id: w.runId });
    expect(reproduceRun).toMatchObject({ reproduces: true, sourceRun: { id: w.runId } });
    const repro = await waitForRun(u, reproduceRun.id, RUN_FIELDS);
    expect(repro.status).toBe("SUCCEEDED");
    expect(repro.outputDataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(repro.outputDataSha256).toBe(source.outputDataSha256);
    // the files differ only in their metadata (provenance with timings): the samples are equal
    const read = async (url: string) => (await (await import("@refocus/engine")).readTiff(new Uint8Array(await (await u.get(url)).arrayBuffer()))).volume().data;
    expect(Buffer.from((await read(repro.output.url)).buffer).equals(Buffer.from((await read(source.output.url)).buffer))).toBe(true);
    expect(repro.reproducedMatch).toBe(true);
  });

  it("runs a batch of a dataset with a lab template and a profile's default PSF, and compares two runs", async () => {
    const u = w.users.MEMBER;
    const ids: string[] = [];
    for (const name of ["b1.tif", "b2.tif"]) {
      const f = ((await (await u.upload(beadsTiff([6, 24, 24]), name)).json()) as { id: string }).id;
      ids.push((await u.ok(`mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId: w.labProjectId, fileId: f, profileId: w.profileId } })).registerImage.id);
    }
    const ds = (await u.ok(`mutation($i: CreateDatasetInput!) { createDataset(input: $i) { id images { id } } }`, { i: { projectId: w.labProjectId, name: "pair", imageIds: ids } })).createDataset;
    expect(ds.images).toHaveLength(2);
    const { submitBatch } = await u.ok(`mutation($i: SubmitBatchInput!) { submitBatch(input: $i) { id template { name } runs { id algorithm params queuePosition status } } }`, {
      i: { projectId: w.labProjectId, datasetId: ds.id, templateId: w.templateId, psf: { profileDefault: { profileId: w.profileId, channel: 0 } } },
    });
    expect(submitBatch.template.name).toBe("RL 4");
    expect(submitBatch.runs).toHaveLength(2);
    expect(submitBatch.runs.every((r: { params: { iterations: number } }) => r.params.iterations === 4)).toBe(true);
    const done = await Promise.all(submitBatch.runs.map((r: { id: string }) => waitForRun(u, r.id, RUN_FIELDS)));
    expect(done.map((r) => r.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);

    const edited = (await u.ok(`mutation($i: RerunInput!) { rerun(input: $i) { id sourceRun { id } params } }`, { i: { id: submitBatch.runs[0].id, params: { iterations: 8 } } })).rerun;
    expect(edited.params.iterations).toBe(8);
    await waitForRun(u, edited.id, RUN_FIELDS);
    const cmp = (await u.ok(`query($a: ID!, $b: ID!) { compareRuns(a: $a, b: $b) { psnr nrmse pearson paramDiff } }`, { a: submitBatch.runs[0].id, b: edited.id })).compareRuns;
    expect(cmp.paramDiff).toEqual({ iterations: [4, 8] });
    expect(cmp.pearson).toBeGreaterThan(0.9);
    expect(cmp.pearson).toBeLessThan(1);
    expect(cmp.psnr).toBeGreaterThan(10);
  });

  it("keeps a blind run's estimated PSF in the library of the profile and channel it started from", async () => {
    const u = w.users.MEMBER;
    const before = (await u.ok(`query($id: ID!) { microscopeProfile(id: $id) { psfs(channel: 0, first: 100) { totalCount } } }`, { id: w.profileId })).microscopeProfile.psfs.totalCount;
    const { submitRun } = await u.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
      i: { projectId: w.labProjectId, imageId: w.imageId, algorithm: "blind-rl", params: { iterations: 2, objectIterations: 5, psfIterations: 1 }, psf: { psfId: w.psfId } },
    });
    const run = await waitForRun(u, submitRun.id, RUN_FIELDS);
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    const lib = (await u.ok(`query($id: ID!) { microscopeProfile(id: $id) { psfs(channel: 0, first: 100) { totalCount nodes { source params sha256 isDefault file { id } quality } } } }`, { id: w.profileId })).microscopeProfile.psfs;
    expect(lib.totalCount).toBe(before + 1);
    const blind = lib.nodes.find((p: { source: string }) => p.source === "BLIND");
    expect(blind).toMatchObject({ isDefault: false, params: { runId: submitRun.id, startPsfId: w.psfId, algorithm: "blind-rl" } });
    expect(blind.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(blind.quality.fwhmPixels.x).toBeGreaterThan(0);
  });

  it("reports a failure with the engine's message", async () => {
    const u = w.users.MEMBER;
    // a library PSF larger than the image: the engine refuses it at run time
    const big = (await w.users.MANAGER.ok(`mutation($i: GeneratePsfInput!) { generatePsf(input: $i) { id } }`, { i: { profileId: w.profileId, channel: 0, model: "gaussian", size: [15, 41, 41] } })).generatePsf.id;
    const { submitRun } = await u.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, { i: { projectId: w.labProjectId, imageId: w.imageId, algorithm: "rl", params: { iterations: 2 }, psf: { psfId: big } } });
    const run = await waitForRun(u, submitRun.id, RUN_FIELDS);
    expect(run.status).toBe("FAILED");
    expect(run.error).toMatch(/PSF/i);
  });
});

describe("the schema's limits", () => {
  it("pages every list with cursors", async () => {
    const m = w.users.MANAGER;
    const first = (await m.ok(`query($f: AuditFilter) { auditEvents(filter: $f, first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`, { f: { labId: w.labId } })).auditEvents;
    expect(first.nodes).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await m.ok(`query($f: AuditFilter, $after: String) { auditEvents(filter: $f, first: 3, after: $after) { nodes { id } } }`, { f: { labId: w.labId }, after: first.pageInfo.endCursor })).auditEvents;
    expect(second.nodes.map((n: { id: string }) => n.id).some((id: string) => first.nodes.some((f: { id: string }) => f.id === id))).toBe(false);
    expect(Number(second.nodes[0].id)).toBeLessThan(Number(first.nodes[2].id));
    const tooMany = await m.gql(`{ labs(first: 1000) { nodes { id } } }`);
    expect(tooMany.errors?.[0].extensions?.code).toBe("BAD_INPUT");
  });

  it("refuses queries that nest too deep or cost too much", async () => {
    const m = w.users.MANAGER;
    const deep = await m.gql(`{ runs: projects { nodes { runs { nodes { project { runs { nodes { project { runs { nodes { project { lab { projects { nodes { id } } } } } } } } } } } } } } }`);
    expect(deep.errors?.[0].message).toMatch(/too deep: 1[3-9] levels \(limit 12\)/);
    expect(deep.data).toBeUndefined();
    const costly = await m.gql(`{ projects(first: 200) { nodes { runs(first: 200) { nodes { history { iteration } image { name } psf { name } } } } } }`);
    expect(costly.errors?.[0].message).toMatch(/too costly/);
    // the same shape with small pages is fine
    const fine = await m.gql(`{ projects(first: 5) { nodes { runs(first: 20) { nodes { history { iteration } image { name } psf { name } } } } } }`);
    expect(fine.errors).toBeUndefined();
  });

  it("batches related lookups: a page of runs costs the same number of queries for 2 rows as for 6", async () => {
    let count = 0;
    const counting = h.db.$extends({ query: { $allOperations: ({ args, query }) => { count++; return query(args); } } }) as unknown as typeof h.db;
    const { createApp } = await import("../src/app.js");
    const { app, stop } = await createApp({ config: h.config, db: counting, queue: h.queue });
    const { createServer } = await import("node:http");
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const queryCount = async (first: number) => {
      count = 0;
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${w.users.MEMBER.token}` },
        body: JSON.stringify({ query: `query($id: ID!, $n: Int) { project(id: $id) { runs(first: $n) { nodes { image { name file { sha256 } } psf { name } submittedBy { name } project { name lab { name } } } } } }`, variables: { id: w.labProjectId, n: first } }),
      });
      const body = (await res.json()) as { data: { project: { runs: { nodes: unknown[] } } } };
      expect(body.data.project.runs.nodes).toHaveLength(first);
      return count;
    };
    try {
      const small = await queryCount(2);
      const large = await queryCount(6);
      expect(large).toBe(small);
      expect(small).toBeLessThan(15);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await stop();
    }
  });
});
