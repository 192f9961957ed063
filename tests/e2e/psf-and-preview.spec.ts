/**
 * Flows no other walk covers: the in-browser preview deconvolving a region of an uploaded stack on
 * the gpu.js WebGL2 backend (and on the CPU backend, to compare pixels); a PSF distilled from bead
 * images in a profile's library, the default moved between versions, a PSF a run used refused
 * deletion and an unused one deleted; a finished run re-run with its parameters unchanged.
 */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createLab, createProfile, projectWithImages, generateFirstGaussianPsf, optionValue, signUp, scratchBeads } from "./lab-helpers";
import { screenshotDir, uniqueEmail } from "./support";

const shot = (name: string) => ({ path: path.join(screenshotDir, `psf-preview-${name}.png`), fullPage: true });

const { beadFile } = scratchBeads("refocus-psf-preview-e2e-");

/** The red channel (the canvases are grey) of a <canvas>, read back through its 2D context. */
async function canvasPixels(page: Page, testId: string): Promise<{ width: number; height: number; grey: number[] }> {
  return page.getByTestId(testId).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("canvas without a 2D context");
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const grey: number[] = [];
    for (let i = 0; i < data.length; i += 4) grey.push(data[i]);
    return { width: canvas.width, height: canvas.height, grey };
  });
}

function stats(grey: number[]): { min: number; max: number; mean: number; std: number } {
  const mean = grey.reduce((a, b) => a + b, 0) / grey.length;
  const variance = grey.reduce((a, b) => a + (b - mean) ** 2, 0) / grey.length;
  return { min: Math.min(...grey), max: Math.max(...grey), mean, std: Math.sqrt(variance) };
}

test("the preview page deconvolves a region of an uploaded stack in this browser, on gpu.js WebGL2 and on the CPU", async ({ browser }) => {
  test.setTimeout(150_000);
  const person = await signUp(browser, "Pia Preview", uniqueEmail("preview"));
  const p = person.page;
  await projectWithImages(p, "Preview project", [beadFile("preview-a.tif", 31), beadFile("preview-b.tif", 33)]);

  await p.getByTestId("preview-link").click();
  await expect(p).toHaveURL(/\/projects\/[^/]+\/preview$/);
  await expect(p.getByRole("heading", { name: "Preview in this browser" })).toBeVisible();
  await expect(p.getByRole("link", { name: "Preview project" })).toBeVisible();
  // the whole 16×64×64 stack is the default region (it is smaller than 32×256×256)
  const imageSelect = p.getByTestId("preview-image");
  await expect(imageSelect.locator("option")).toHaveCount(2);
  await imageSelect.selectOption({ label: "preview-b.tif (16×64×64)" });
  await expect(p.getByText("Region 16×64×64 (z×y×x).")).toBeVisible();
  for (const [axis, end] of [["z", "16"], ["y", "64"], ["x", "64"]]) await expect(p.getByTestId(`region-${axis}1`)).toHaveValue(end);

  // a small region around four of the image's beads, few iterations: SwiftShader is slow
  await p.getByTestId("region-z0").fill("4");
  await p.getByTestId("region-z1").fill("12");
  await p.getByTestId("region-y0").fill("16");
  await p.getByTestId("region-y1").fill("48");
  await p.getByTestId("region-x0").fill("16");
  await p.getByTestId("region-x1").fill("48");
  await expect(p.getByText("Region 8×32×32 (z×y×x).")).toBeVisible();
  await p.getByTestId("sigma-xy").fill("1.5");
  await p.getByTestId("sigma-z").fill("1.5");
  await p.getByTestId("iterations").fill("5");
  await p.getByTestId("backend").selectOption("gpu");
  await p.getByTestId("preview-run").click();

  const backendLine = p.getByTestId("preview-backend");
  await expect(backendLine).toHaveText(/^Ran on gpu \(gpu\.js webgl2\) — \S.*$/, { timeout: 120_000 });
  const gpuLine = await backendLine.textContent();
  await expect(p.getByTestId("preview-error")).toHaveCount(0);
  await expect(p.getByTestId("preview-status")).toHaveCount(0);
  await expect(p.getByTestId("preview-run")).toBeEnabled();
  await expect(p.getByTestId("preview-timing")).toHaveText(/^5 iterations in \d+\.\d\d s \(\d+\.\d ms per iteration\); download and decoding \d+\.\d\d s$/);

  // the canvases are the region's maximum projections: real pixels, with structure
  const raw = await canvasPixels(p, "preview-raw");
  const gpu = await canvasPixels(p, "preview-deconvolved");
  for (const c of [raw, gpu]) {
    expect([c.width, c.height]).toEqual([32, 32]);
    const s = stats(c.grey);
    expect(s.min).toBeLessThan(s.max);
    expect(s.max).toBe(255); // stretched to the 99.9th percentile
    expect(s.std).toBeGreaterThan(10);
  }
  const differing = raw.grey.filter((v, i) => Math.abs(v - gpu.grey[i]) > 8).length;
  expect(differing).toBeGreaterThan(raw.grey.length / 10);
  // Richardson-Lucy concentrates the beads: after the same contrast stretch, less of the field is bright
  expect(stats(gpu.grey).mean).toBeLessThan(stats(raw.grey).mean);
  await p.screenshot(shot("01-preview-gpu"));

  // the same region on the engine's CPU backend: the same picture, to a grey level or so
  await p.getByTestId("backend").selectOption("cpu");
  await p.getByTestId("preview-run").click();
  await expect(backendLine).toHaveText("Ran on cpu × 1 thread", { timeout: 60_000 });
  await expect(p.getByTestId("preview-timing")).toHaveText(/^5 iterations in \d+\.\d\d s/);
  const cpu = await canvasPixels(p, "preview-deconvolved");
  expect([cpu.width, cpu.height]).toEqual([32, 32]);
  const worst = Math.max(...cpu.grey.map((v, i) => Math.abs(v - gpu.grey[i])));
  console.log(`preview: ${gpuLine}; raw ${JSON.stringify(stats(raw.grey))}, gpu.js ${JSON.stringify(stats(gpu.grey))}, ${differing} of 1024 pixels moved; CPU vs gpu.js at most ${worst} grey levels apart`);
  expect(worst).toBeLessThanOrEqual(2);
  // the raw region is the same crop whichever backend ran
  expect((await canvasPixels(p, "preview-raw")).grey).toEqual(raw.grey);
  await p.screenshot(shot("02-preview-cpu"));
});

test("a PSF distilled from bead images joins the library; the default moves; a used PSF cannot be deleted, an unused one can; a run re-runs unchanged", async ({ browser }) => {
  test.setTimeout(150_000);
  const owner = await signUp(browser, "Bea Beads", uniqueEmail("distill"));
  const p = owner.page;
  const labUrl = await createLab(owner, "Bead Lab");

  // a lab project holding two bead images
  await p.getByLabel("New project").fill("Bead calibration");
  await p.getByRole("button", { name: "Create project" }).click();
  await expect(p.getByRole("heading", { name: "Bead calibration" })).toBeVisible();
  const projectUrl = p.url();
  await p.getByTestId("image-upload").setInputFiles([beadFile("beads-1.tif", 35), beadFile("beads-2.tif", 41)]);
  await expect(p.getByTestId("images-table")).toContainText("beads-1.tif");
  await expect(p.getByTestId("images-table")).toContainText("beads-2.tif");

  // a profile with a theoretical PSF (version 1, the channel's default)
  await p.goto(labUrl);
  const profileUrl = await createProfile(p, "Bead scope");
  await generateFirstGaussianPsf(p);
  const rows = p.getByTestId("psf-row");

  // version 2: distilled from the two bead images, made the default
  const distill = p.getByTestId("distill-psf-form");
  // nothing picked yet: refused in the form, nothing added
  await distill.getByRole("button", { name: "Distill PSF" }).click();
  await expect(distill.getByRole("alert")).toHaveText("Pick at least one bead image.");
  await expect(rows).toHaveCount(1);
  await distill.getByLabel("Project with bead images").selectOption({ label: "Bead calibration (Bead Lab)" });
  await distill.getByRole("checkbox", { name: "beads-1.tif (16×64×64)" }).check();
  await distill.getByRole("checkbox", { name: "beads-2.tif (16×64×64)" }).check();
  await distill.getByLabel("Size z").fill("9");
  await distill.getByLabel("Size y").fill("15");
  await distill.getByLabel("Size x").fill("15");
  await distill.getByLabel("Name").fill("Beads day 1");
  await distill.getByRole("button", { name: "Distill PSF" }).click();
  await expect(distill.getByRole("status")).toHaveText("PSF version 2 distilled.", { timeout: 60_000 });
  await expect(distill.getByRole("alert")).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await expect(p.getByRole("tab", { name: /· 2$/ })).toBeVisible();
  const distilled = rows.filter({ hasText: "Beads day 1" });
  await expect(distilled).toContainText("v2");
  await expect(distilled).toContainText("DISTILLED");
  await expect(distilled).toContainText("9×15×15");
  await expect(distilled).toContainText("Bea Beads");
  // FWHM measured on the distilled PSF: the beads' own blur, σ 2 px × 100 nm across (471 nm), 1.5 planes × 250 nm along z (883 nm)
  await expect(distilled.getByRole("cell").nth(6)).toHaveText(/^4[4-9]\d × 4[4-9]\d × (8[4-9]\d|9[0-3]\d) nm \(x×y×z\)$/);
  await expect(distilled.locator("code")).toHaveText(/^[0-9a-f]{12}$/);
  await expect(distilled.getByTestId("psf-default")).toHaveText("default");
  const theoretical = rows.filter({ hasText: "THEORETICAL" });
  await expect(theoretical.getByTestId("psf-default")).toHaveCount(0);
  // the distilled PSF downloads as a TIFF
  const href = await distilled.getByRole("link", { name: "Download" }).getAttribute("href");
  const download = await p.request.get(href!);
  expect(download.status()).toBe(200);
  expect([...(await download.body()).subarray(0, 2)].map((b) => String.fromCharCode(b)).join("")).toMatch(/^(II|MM)$/);
  await p.screenshot(shot("03-distilled"));

  // the default moves back to version 1, and stays there after a reload
  await theoretical.getByRole("button", { name: "Set default" }).click();
  await expect(theoretical.getByTestId("psf-default")).toHaveText("default");
  await expect(distilled.getByTestId("psf-default")).toHaveCount(0);
  await expect(distilled.getByRole("button", { name: "Set default" })).toBeVisible();
  await expect(theoretical.getByRole("button", { name: "Set default" })).toHaveCount(0);
  await p.reload();
  await expect(rows).toHaveCount(2);
  await expect(p.getByTestId("psf-default")).toHaveCount(1);
  await expect(theoretical.getByTestId("psf-default")).toBeVisible();

  // a run of the project uses the profile's default (version 1)
  await p.goto(projectUrl);
  const form = p.getByTestId("submit-run-form");
  await form.locator('select[name="input"]').selectOption(await optionValue(p, "input", "beads-1.tif"));
  await form.locator('select[name="psf"]').selectOption(await optionValue(p, "psf", "Default PSF of Bead scope"));
  await form.getByLabel("Richardson-Lucy iterations").fill("4");
  await form.getByRole("button", { name: "Run deconvolution" }).click();
  await expect(p).toHaveURL(/\/runs\//);
  const sourceUrl = p.url();
  const sourceId = sourceUrl.split("/runs/")[1];
  await expect(p.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });

  // the plain re-run: same parameters, a new run that links back to this one
  await p.getByRole("button", { name: "Re-run", exact: true }).click();
  await expect(p).not.toHaveURL(sourceUrl);
  await expect(p).toHaveURL(/\/runs\//);
  await expect(p.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });
  await expect(p.getByTestId("run-progress")).toContainText("100 % · iteration 4 of 4");
  await expect(p.getByText(`re-runs ${sourceId.slice(0, 8)}`)).toBeVisible();
  await expect(p.getByRole("link", { name: sourceId.slice(0, 8) })).toHaveAttribute("href", `/runs/${sourceId}`);
  await expect(p.getByTestId("provenance-table")).toContainText("iterations = 4");
  await expect(p.getByTestId("reproduced-match")).toHaveCount(0);
  await p.screenshot(shot("04-rerun"));
  await p.goto(projectUrl);
  await expect(p.getByTestId("run-row")).toHaveCount(2);
  await expect(p.getByTestId("runs-table").locator(".status.SUCCEEDED")).toHaveCount(2);

  // deleting version 1 is refused: both runs used it; deleting the unused version 2 removes it
  await p.goto(profileUrl);
  await expect(rows).toHaveCount(2);
  await expect(theoretical.getByRole("button", { name: "Delete" })).toHaveAttribute("title", "A run uses this PSF");
  await theoretical.getByRole("button", { name: "Delete" }).click();
  await expect(p.getByTestId("psf-error")).toHaveText("This PSF is used by 2 run(s) and cannot be deleted; it stays in the library for their provenance.");
  await expect(rows).toHaveCount(2);
  await p.screenshot(shot("05-delete-refused"));
  await distilled.getByRole("button", { name: "Delete" }).click();
  await expect(rows).toHaveCount(1);
  await expect(p.getByTestId("psf-error")).toHaveCount(0);
  await expect(rows.first()).toContainText("THEORETICAL");
  await expect(p.getByTestId("psf-table")).not.toContainText("Beads day 1");
  await p.reload();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId("psf-default")).toBeVisible();
  await expect(p.getByRole("tab", { name: /· 1$/ })).toBeVisible();
  await p.screenshot(shot("06-deleted"));
});
