import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beadsTiff } from "./support/fixtures.js";
import { Client, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
const alice = () => new Client(h.url);
let a: Client;
let b: Client;
let projectId: string;
let fileId: string;
let imageId: string;

beforeAll(async () => {
  h = await startHarness();
  a = alice();
  b = new Client(h.url);
  await a.signUp("alice@lab-a.test");
  await b.signUp("bruno@lab-b.test");
  projectId = (await a.ok(`mutation { createProject(input: {name: "Alice's nuclei"}) { id } }`)).createProject.id;
  const up = await a.upload(beadsTiff(), "beads.tif");
  fileId = ((await up.json()) as { id: string }).id;
  imageId = (await a.ok(`mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId, fileId } })).registerImage.id;
});
afterAll(async () => {
  await h?.stop();
});

describe("one user cannot see or change another user's data", () => {
  it("hides the project from lists and from lookups by id", async () => {
    expect((await a.ok(`{ projects { nodes { id } } }`)).projects.nodes.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect((await b.ok(`{ projects { nodes { id } } }`)).projects.nodes).toEqual([]);
    expect((await b.ok(`query($id: ID!) { project(id: $id) { id } }`, { id: projectId })).project).toBeNull();
  });

  it("refuses to register an image into, or submit a run in, someone else's project", async () => {
    const reg = await b.gql(`mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId, fileId } });
    expect(reg.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const run = await b.gql(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
      i: { projectId, imageId, algorithm: "rl", psf: { gaussian: { sigmaXY: 2, sigmaZ: 2 } }, params: { iterations: 2 } },
    });
    expect(run.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(await h.db.run.count()).toBe(0);
  });

  it("refuses downloads and previews of someone else's files", async () => {
    expect((await a.get(`/api/files/${fileId}`)).status).toBe(200);
    expect((await b.get(`/api/files/${fileId}`)).status).toBe(404);
    expect((await b.get(`/api/files/${fileId}/preview.png`)).status).toBe(404);
    const anonymous = new Client(h.url);
    expect((await anonymous.get(`/api/files/${fileId}`)).status).toBe(401);
  });

  it("refuses anonymous uploads and queries", async () => {
    const anonymous = new Client(h.url);
    expect((await anonymous.upload(new Uint8Array(10), "x.tif")).status).toBe(401);
    const r = await anonymous.gql(`{ projects { nodes { id } } }`);
    expect(r.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("hides runs of other users", async () => {
    const { submitRun } = await a.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
      i: { projectId, imageId, algorithm: "rl", psf: { gaussian: { sigmaXY: 2, sigmaZ: 2 } }, params: { iterations: 2 } },
    });
    expect((await b.ok(`query($id: ID!) { run(id: $id) { id } }`, { id: submitRun.id })).run).toBeNull();
    const cancel = await b.gql(`mutation($id: ID!) { cancelRun(id: $id) { id } }`, { id: submitRun.id });
    expect(cancel.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await a.ok(`query($id: ID!) { run(id: $id) { id } }`, { id: submitRun.id })).run.id).toBe(submitRun.id);
  });
});
