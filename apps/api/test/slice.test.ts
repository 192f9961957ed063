/**
 * The first product slice end to end inside the API: upload → register → submit RL → pg-boss →
 * worker handler → real engine → stored float32 TIFF with provenance.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALGORITHMS, readTiff } from "@refocus/engine";
import { FileStorage } from "../src/modules/file/storage.js";
import { DECONVOLVE_JOB } from "../src/queue/jobs.js";
import { handleDeconvolveJob } from "../src/worker/deconvolve.handler.js";
import { beadsTiff, beadsVolume } from "./support/fixtures.js";
import { Client, startHarness, type Harness } from "./support/harness.js";
import { waitForRun } from "./support/wait-for-run.js";

let h: Harness;
let c: Client;
let projectId: string;

const RUN_FIELDS = `id status progress iteration error algorithm params history { iteration relativeChange objective elapsedMs } output { id sha256 size url } provenance`;

beforeAll(async () => {
  h = await startHarness();
  c = new Client(h.url);
  await c.signUp("slice@lab.test");
  projectId = (await c.ok(`mutation { createProject(input: {name: "Beads"}) { id } }`)).createProject.id;
  // the worker, in-process, on the real queue
  const storage = new FileStorage(h.config.filesDir);
  await h.queue.boss.work(DECONVOLVE_JOB.name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    await handleDeconvolveJob({ db: h.db, storage, threads: 1 }, job);
  });
});
afterAll(async () => {
  await h?.stop();
});

describe("upload, register, run, download", () => {
  let imageId: string;
  const tiff = beadsTiff([8, 32, 32]);

  it("streams an upload to disk and reports its size and sha256", async () => {
    const res = await c.upload(tiff, "beads.tif");
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; size: number; sha256: string };
    expect(body.size).toBe(tiff.byteLength);
    expect(body.sha256).toBe(createHash("sha256").update(tiff).digest("hex"));
    const { registerImage } = await c.ok(
      `mutation($i: RegisterImageInput!) { registerImage(input: $i) { id name shape sampleType channels frames voxelSize { x y z unit } file { sha256 } } }`,
      { i: { projectId, fileId: body.id } },
    );
    expect(registerImage).toMatchObject({ name: "beads.tif", shape: [8, 32, 32], sampleType: "uint16", channels: 1, frames: 1, file: { sha256: body.sha256 } });
    expect(registerImage.voxelSize.x).toBeCloseTo(0.1, 6);
    expect(registerImage.voxelSize.z).toBeCloseTo(0.3, 6);
    imageId = registerImage.id;
  });

  it("refuses a file that is not a TIFF with a clear message, keeping nothing half-registered", async () => {
    const res = await c.upload(new TextEncoder().encode("hello, this is not an image"), "notes.tif");
    const { id } = (await res.json()) as { id: string };
    const r = await c.gql(`mutation($i: RegisterImageInput!) { registerImage(input: $i) { id } }`, { i: { projectId, fileId: id } });
    expect(r.errors?.[0].extensions?.code).toBe("UNSUPPORTED_FILE");
    expect(r.errors?.[0].message).toMatch(/notes\.tif cannot be used as an image: .*TIFF/i);
    expect(await h.db.image.count({ where: { fileId: id } })).toBe(0);
  });

  it("rejects out-of-range parameters naming the parameter", async () => {
    const r = await c.gql(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
      i: { projectId, imageId, algorithm: "rl", psf: { gaussian: { sigmaXY: 2, sigmaZ: 1.5 } }, params: { iterations: -3 } },
    });
    expect(r.errors?.[0].extensions?.code).toBe("BAD_INPUT");
    expect(r.errors?.[0].message).toContain("iterations");
    const unknown = await c.gql(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
      i: { projectId, imageId, algorithm: "magic", psf: { gaussian: { sigmaXY: 2, sigmaZ: 1.5 } } },
    });
    expect(unknown.errors?.[0].extensions?.code).toBe("BAD_INPUT");
    expect(await h.db.run.count()).toBe(0);
  });

  it("runs Richardson-Lucy through the queue and the engine, with progress and provenance", async () => {
    const { submitRun } = await c.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id status } }`, {
      i: { projectId, imageId, algorithm: "rl", psf: { gaussian: { sigmaXY: 2, sigmaZ: 1.5 } }, params: { iterations: 6 } },
    });
    expect(submitRun.status).toBe("QUEUED");
    const run = await waitForRun(c, submitRun.id, RUN_FIELDS, (s) => s === "SUCCEEDED" || s === "FAILED");
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    expect(run.progress).toBe(1);
    expect(run.iteration).toBe(6);
    expect(run.history.map((r: { iteration: number }) => r.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run.provenance).toMatchObject({ algorithm: "rl" });

    // the output is a float32 TIFF of the image's shape, with the provenance inside
    const res = await c.get(run.output.url);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(run.output.sha256);
    const stack = await readTiff(bytes);
    expect(stack.sampleType).toBe("float32");
    expect([stack.slices, stack.height, stack.width]).toEqual([8, 32, 32]);
    expect(stack.provenance).toMatchObject({ algorithm: "rl" });
    // deconvolution concentrates the beads' light: the brightest voxel rises
    const out = stack.volume();
    const raw = beadsVolume([8, 32, 32]);
    const max = (a: Float32Array) => a.reduce((m, v) => Math.max(m, v), -Infinity);
    expect(max(out.data)).toBeGreaterThan(1.2 * max(raw.data));

    const preview = await c.get(`/api/files/${run.output.id}/preview.png`);
    expect(preview.headers.get("content-type")).toBe("image/png");
    const png = new Uint8Array(await preview.arrayBuffer());
    expect(Array.from(png.slice(1, 4))).toEqual([0x50, 0x4e, 0x47]);

    const actions = (await h.db.auditEvent.findMany({ where: { objectId: run.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["run.submit", "run.start", "run.succeed"]);
  });

  it("runs every algorithm by name through the queue, and refuses each one's out-of-range parameter naming it and its range", async () => {
    const psf = { gaussian: { sigmaXY: 2, sigmaZ: 1.5 } };
    const submit = (algorithm: string, params: Record<string, unknown>) =>
      c.gql(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, { i: { projectId, imageId, algorithm, psf, params } });
    const before = await h.db.run.count();
    const filters: Record<string, [Record<string, unknown>, RegExp]> = {
      inverse: [{ epsilon: 2 }, /epsilon: epsilon must be from 0 to 1\b/],
      wiener: [{ nsr: -1 }, /nsr: nsr must be from 0 to 1e6/],
      tikhonov: [{ lambda: 2e6 }, /lambda: lambda must be from 0 to 1e6/],
    };
    for (const algorithm of ALGORITHMS) {
      const [bad, message] = filters[algorithm] ?? [{ iterations: 0 }, /iterations: iterations must be an integer from 1 to \d+/];
      const r = await submit(algorithm, bad);
      expect(r.errors?.[0].extensions?.code, algorithm).toBe("BAD_INPUT");
      expect(r.errors?.[0].message, algorithm).toMatch(message);
    }
    expect(await h.db.run.count()).toBe(before);

    const ids = new Map<string, string>();
    for (const algorithm of ALGORITHMS) {
      const params = algorithm in filters ? {} : algorithm === "blind-rl" ? { iterations: 1, objectIterations: 3, psfIterations: 1 } : { iterations: 3 };
      const r = await submit(algorithm, params);
      expect(r.errors, algorithm).toBeUndefined();
      ids.set(algorithm, (r.data as { submitRun: { id: string } }).submitRun.id);
    }
    for (const [algorithm, id] of ids) {
      const run = await waitForRun(c, id, RUN_FIELDS, (s) => s === "SUCCEEDED" || s === "FAILED");
      expect(run.error, algorithm).toBeNull();
      expect(run.status, algorithm).toBe("SUCCEEDED");
      expect(run.provenance.algorithm, algorithm).toBe(algorithm);
      expect(run.output.size, algorithm).toBeGreaterThan(8 * 32 * 32 * 4);
    }
  }, 180_000);

  it("cancels a queued run so that no worker runs it", async () => {
    await h.queue.boss.offWork(DECONVOLVE_JOB.name);
    const { submitRun } = await c.ok(`mutation($i: SubmitRunInput!) { submitRun(input: $i) { id } }`, {
      i: { projectId, imageId, algorithm: "rl", psf: { gaussian: { sigmaXY: 2, sigmaZ: 1.5 } }, params: { iterations: 3 } },
    });
    const { cancelRun } = await c.ok(`mutation($id: ID!) { cancelRun(id: $id) { status } }`, { id: submitRun.id });
    expect(cancelRun.status).toBe("CANCELLED");
    const again = await c.gql(`mutation($id: ID!) { cancelRun(id: $id) { status } }`, { id: submitRun.id });
    expect(again.errors?.[0].extensions?.code).toBe("CONFLICT");
    const row = await h.db.run.findUniqueOrThrow({ where: { id: submitRun.id } });
    expect(row.status).toBe("CANCELLED");
    expect(row.outputFileId).toBeNull();
  });
});
