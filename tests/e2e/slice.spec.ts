/**
 * The first slice as a person walks it in Chromium: sign up, create a project, upload a TIFF, run
 * Richardson-Lucy with a Gaussian PSF, watch it finish, compare the images, download the result.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createVolume, readTiff, writeTiff } from "@refocus/engine";
import { screenshotDir, uniqueEmail } from "./support";

/** Blurred beads: a 3D uint16 stack with its voxel size, written as a real ImageJ TIFF. */
function makeBeadsTiff(file: string) {
  const [nz, ny, nx] = [12, 64, 64];
  const data = new Float32Array(nz * ny * nx);
  const beads = [[6, 20, 20], [6, 40, 30], [4, 30, 48], [8, 50, 14]];
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let v = 20;
        for (const [bz, by, bx] of beads) v += 2000 * Math.exp(-(((x - bx) ** 2 + (y - by) ** 2) / 8 + (z - bz) ** 2 / 4.5));
        data[(z * ny + y) * nx + x] = v;
      }
  fs.writeFileSync(file, writeTiff(createVolume(data, [nz, ny, nx], { z: 0.3, y: 0.1, x: 0.1, unit: "µm" }), { sampleType: "uint16" }));
}

/** Mean and standard deviation of an <img>'s pixels, read back through a canvas. */
async function imageStats(page: import("@playwright/test").Page, testId: string) {
  return page.getByTestId(testId).evaluate(async (el) => {
    const img = el as HTMLImageElement;
    if (!img.complete) await new Promise((r) => img.addEventListener("load", r, { once: true }));
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let sq = 0;
    const n = data.length / 4;
    for (let i = 0; i < data.length; i += 4) {
      sum += data[i];
      sq += data[i] * data[i];
    }
    const mean = sum / n;
    return { width: img.naturalWidth, height: img.naturalHeight, mean, std: Math.sqrt(sq / n - mean * mean) };
  });
}

test("sign up, upload, deconvolve, review and download", async ({ page }) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "refocus-e2e-"));
  const input = path.join(tmp, "beads.tif");
  makeBeadsTiff(input);

  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Ada Lovelace");
  await page.getByLabel("Email").fill(uniqueEmail("ada"));
  await page.getByLabel("Password").fill("microscopes are fun");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada Lovelace");
  await page.screenshot({ path: path.join(screenshotDir, "01-projects.png"), fullPage: true });

  await page.getByLabel("New project").fill("Bead calibration");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name: "Bead calibration" })).toBeVisible();

  await page.getByTestId("image-upload").setInputFiles(input);
  const images = page.getByTestId("images-table");
  await expect(images).toContainText("beads.tif");
  await expect(images).toContainText("12×64×64");
  await expect(images).toContainText("uint16");
  await page.getByLabel("Richardson-Lucy iterations").fill("15");
  await page.screenshot({ path: path.join(screenshotDir, "02-project.png"), fullPage: true });
  await page.getByRole("button", { name: "Run deconvolution" }).click();

  await expect(page).toHaveURL(/\/runs\//);
  await expect(page.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });
  await expect(page.getByTestId("run-progress")).toContainText("100 % · iteration 15 of 15");
  await expect(page.getByTestId("convergence-chart")).toBeVisible();

  // both previews are real pixels: the image's XY size, with structure (not blank)
  const raw = await imageStats(page, "raw-preview");
  const result = await imageStats(page, "result-preview");
  expect([raw.width, raw.height]).toEqual([64, 64]);
  expect([result.width, result.height]).toEqual([64, 64]);
  expect(raw.std).toBeGreaterThan(10);
  expect(result.std).toBeGreaterThan(10);
  // deconvolution concentrates the beads: after the same contrast stretch, less of the field is bright
  expect(result.mean).toBeLessThan(raw.mean);
  await page.screenshot({ path: path.join(screenshotDir, "03-run-result.png"), fullPage: true });

  const sha = (await page.getByTestId("result-sha256").textContent())?.trim();
  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("download-result").click();
  const download = await downloadPromise;
  const saved = path.join(tmp, download.suggestedFilename());
  await download.saveAs(saved);
  const bytes = new Uint8Array(fs.readFileSync(saved));
  const { createHash } = await import("node:crypto");
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(sha);
  const stack = await readTiff(bytes);
  expect(stack.sampleType).toBe("float32");
  expect([stack.slices, stack.height, stack.width]).toEqual([12, 64, 64]);
  expect(stack.voxelSize?.x).toBeCloseTo(0.1, 5);
  expect(stack.provenance).toMatchObject({ algorithm: "rl" });
  fs.rmSync(tmp, { recursive: true, force: true });
});
