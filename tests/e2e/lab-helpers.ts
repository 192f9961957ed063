/** Helpers of the lab-platform walk: accounts in their own browser contexts, and test stacks. */
import fs from "node:fs";
import { expect, type Browser, type Page } from "@playwright/test";
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
