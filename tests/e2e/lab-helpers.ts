/** Helpers of the lab-platform walk: accounts in their own browser contexts, and test stacks. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createVolume, gaussianPsf, writeTiff } from "@refocus/engine";

export interface Person {
  name: string;
  email: string;
  page: Page;
}

/** A new person with their own cookies (a browser context each), signed up through the page. */
export async function signUp(browser: Browser, name: string, email: string): Promise<Person> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("deconvolve all the things");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(name);
  return { name, email, page };
}

/** `person` founds a lab from the Labs page (becoming its owner); returns the lab page's URL. */
export async function createLab(person: Person, labName: string): Promise<string> {
  const p = person.page;
  await p.getByRole("link", { name: "Labs" }).click();
  await p.getByLabel("New lab").fill(labName);
  await p.getByRole("button", { name: "Create lab" }).click();
  await expect(p.getByRole("heading", { name: labName })).toBeVisible();
  await expect(p.getByTestId("my-role")).toHaveText("OWNER");
  return p.url();
}

/** From the home page: a personal project with `files` uploaded, left open on its page. */
export async function projectWithImages(page: Page, name: string, files: string[]): Promise<void> {
  await page.getByLabel("New project").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await page.getByTestId("image-upload").setInputFiles(files);
  for (const f of files) await expect(page.getByTestId("images-table")).toContainText(path.basename(f));
}

/** From a lab page: a microscope profile with the form's default optics; returns its page's URL. */
export async function createProfile(page: Page, name: string): Promise<string> {
  await page.getByRole("button", { name: "New profile" }).click();
  await page.getByLabel("Profile name").fill(name);
  await page.getByRole("button", { name: "Create profile" }).click();
  await expect(page).toHaveURL(/\/profiles\//);
  await expect(page.getByRole("heading", { name })).toContainText("v1");
  return page.url();
}

/** On a profile page: a 9×15×15 Gaussian PSF from the profile's optics, as PSF version 1. */
export async function generateFirstGaussianPsf(page: Page): Promise<void> {
  const generate = page.getByTestId("generate-psf-form");
  await generate.locator('select[name="model"]').selectOption("gaussian");
  await generate.getByLabel("Size z").fill("9");
  await generate.getByLabel("Size y").fill("15");
  await generate.getByLabel("Size x").fill("15");
  await generate.getByRole("button", { name: "Generate PSF" }).click();
  await expect(generate.getByRole("status")).toHaveText("PSF version 1 generated.");
  await expect(page.getByTestId("psf-row")).toHaveCount(1);
}

/**
 * A 16×64×64 uint16 stack of blurred beads at the profile's sampling (100 nm pixels, 250 nm
 * z-step), bead positions from a fixed-seed generator so the two images differ.
 */
export function writeBeadStack(file: string, seed: number): void {
  const [nz, ny, nx] = [16, 64, 64];
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const beads = Array.from({ length: 5 }, () => [4 + rand() * 8, 10 + rand() * 44, 10 + rand() * 44]);
  const data = new Float32Array(nz * ny * nx);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let v = 20;
        for (const [bz, by, bx] of beads) v += 2000 * Math.exp(-(((x - bx) ** 2 + (y - by) ** 2) / 8 + (z - bz) ** 2 / 4.5));
        data[(z * ny + y) * nx + x] = v;
      }
  fs.writeFileSync(file, writeTiff(createVolume(data, [nz, ny, nx], { z: 0.25, y: 0.1, x: 0.1, unit: "µm" }), { sampleType: "uint16" }));
}

/**
 * A small measured-looking PSF: a 9×15×15 Gaussian spot (σ 1.5 px lateral, 2 planes axial) at the
 * profile's sampling, scaled to a bead's counts and saved as uint16, as a camera would record it.
 */
export function writeGaussianPsf(file: string): void {
  const psf = gaussianPsf({ shape: [9, 15, 15], sigmaXY: 1.5, sigmaZ: 2, voxelSize: { z: 0.25, y: 0.1, x: 0.1, unit: "µm" } });
  const peak = Math.max(...psf.data);
  const counts = psf.data.map((v) => 100 + (3000 * v) / peak);
  fs.writeFileSync(file, writeTiff(createVolume(counts, psf.shape, psf.voxelSize), { sampleType: "uint16" }));
}

/** The value of the first <option> of a select whose text contains `text` (labels carry details). */
export async function optionValue(page: Page, selectName: string, text: string): Promise<string> {
  const value = await page.locator(`select[name="${selectName}"] option`, { hasText: text }).first().getAttribute("value");
  if (!value) throw new Error(`no option containing "${text}" in select ${selectName}`);
  return value;
}

/**
 * Bead stacks (16×64×64, uint16, see writeBeadStack) in a scratch folder that lives as long as the
 * calling spec file's tests; call at the top level of the spec.
 */
export function scratchBeads(prefix: string): { dir: () => string; beadFile: (name: string, seed: number) => string } {
  let dir = "";
  test.beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  test.afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    beadFile(name, seed) {
      const file = path.join(dir, name);
      writeBeadStack(file, seed);
      return file;
    },
  };
}
