/**
 * The lab's everyday workflows that the other walks leave out, each as a person does it in the
 * browser: who may open the admin page; a run cancelled, re-run with an edited parameter and
 * reproduced byte for byte; a microscope profile edited into a new version; a measured PSF
 * uploaded into the library and used by a run; a member promoted and demoted by the lab's owner;
 * a dataset made from uploaded images and run as one batch.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { readTiffVolume } from "@refocus/engine";
import { createLab, createProfile, projectWithImages, generateFirstGaussianPsf, optionValue, signUp, scratchBeads, writeGaussianPsf, type Person } from "./lab-helpers";
import { screenshotDir, uniqueEmail } from "./support";

const shot = (name: string) => ({ path: path.join(screenshotDir, `workflows-${name}.png`), fullPage: true });
const apiUrl = process.env.API_URL ?? "http://localhost:4000";

const { dir: scratchDir, beadFile } = scratchBeads("refocus-workflows-e2e-");

/** One value of the run page's provenance table, by its label. */
function provenanceValue(page: Page, label: string): Locator {
  return page.getByTestId("provenance-table").locator("div", { has: page.locator("dt", { hasText: label }) }).locator("dd");
}

/** The voxels of a run's result, downloaded through the page's own link with the person's cookies. */
async function downloadResult(page: Page): Promise<Float32Array> {
  const href = await page.getByTestId("download-result").getAttribute("href");
  expect(href).toBeTruthy();
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  const volume = await readTiffVolume(new Uint8Array(await res.body()));
  expect(volume.shape).toEqual([16, 64, 64]);
  return volume.data;
}

/** A new lab owned by `owner` with one microscope profile (60×/1.4 oil, GFP); returns both URLs. */
async function labWithProfile(owner: Person, labName: string, profileName: string): Promise<{ labUrl: string; profileUrl: string }> {
  const p = owner.page;
  const labUrl = await createLab(owner, labName);
  return { labUrl, profileUrl: await createProfile(p, profileName) };
}

/**
 * Picks a member's role in the owner's members table, waits for the API to answer, and checks the
 * role after a reload (the select shows what the server now holds, not what was picked).
 */
async function setRole(owner: Page, memberName: string, role: string): Promise<void> {
  const select = () => owner.getByTestId("members-table").getByRole("row", { name: new RegExp(memberName) }).getByRole("combobox");
  const answered = owner.waitForResponse((r) => r.url().endsWith("/graphql") && (r.request().postData() ?? "").includes("SetLabMemberRole"));
  await select().selectOption(role);
  const body = (await (await answered).json()) as { errors?: { message: string }[] };
  expect(body.errors ?? []).toEqual([]);
  await owner.reload();
  await expect(select()).toHaveValue(role);
}

test("the admin page: the instance's first account sees the overview, everyone else is refused", async ({ browser }) => {
  // The first account of an instance becomes its admin (README). When an earlier spec made it,
  // this one cannot reach the overview and only the refusal is walked.
  const first = await signUp(browser, "Fiona First", uniqueEmail("first"));
  const firstIsAdmin = ((await first.page.getByTestId("signed-in-as").textContent()) ?? "").includes("(admin)");
  const user = await signUp(browser, "Udo User", uniqueEmail("user"));
  const u = user.page;
  await expect(u.getByTestId("signed-in-as")).toHaveText(`Udo User (${user.email})`);

  // a normal user: no Admin link, a refusal on the page, and the API refuses the overview too
  await expect(u.getByRole("link", { name: "Projects" })).toBeVisible();
  await expect(u.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await u.goto("/admin");
  await expect(u.getByTestId("not-admin")).toHaveText("This page is for administrators of this Refocus instance. Ask one if you need something here.");
  await expect(u.getByRole("heading", { name: "Administration" })).toHaveCount(0);
  await expect(u.getByTestId("admin-totals")).toHaveCount(0);
  await u.screenshot(shot("01-admin-refused"));
  const res = await u.request.post(`${apiUrl}/graphql`, { data: { query: "{ adminOverview { fileCount users(first: 1) { totalCount } } }" } });
  const body = (await res.json()) as { data: { adminOverview: unknown } | null; errors?: { message: string }[] };
  expect(body.data?.adminOverview ?? null).toBeNull();
  expect(body.errors?.[0]?.message).toBe("Only the instance's admins may do this.");

  if (!firstIsAdmin) {
    test.info().annotations.push({ type: "note", description: "an earlier spec made the instance's first (admin) account: the overview was not walked" });
    return;
  }
  const a = first.page;
  await a.getByRole("link", { name: "Admin" }).click();
  await expect(a.getByRole("heading", { name: "Administration" })).toBeVisible();
  await expect(a.getByTestId("admin-totals")).toContainText(/Disk use\s*[\d.]+ \w*B in \d+ files/);
  await expect(a.getByTestId("admin-totals")).toContainText(/Queue\s*\d+ queued · \d+ running/);
  await expect(a.getByTestId("admin-totals")).toContainText(/Last 24 h\s*\d+ succeeded · \d+ failed/);
  await expect(a.getByRole("heading", { name: /^Users \(\d+\)$/ })).toBeVisible();
  const users = a.getByTestId("admin-users");
  await expect(users.getByRole("row", { name: new RegExp(first.email) })).toContainText("ADMIN");
  await expect(users.getByRole("row", { name: new RegExp(user.email) })).toContainText("USER");
  await a.screenshot(shot("01-admin-overview"));
});

test("a run is cancelled, re-run with an edited parameter, and the re-run reproduced byte for byte", async ({ browser }) => {
  test.setTimeout(150_000);
  const person = await signUp(browser, "Rita Rerun", uniqueEmail("rerun"));
  const p = person.page;
  await projectWithImages(p, "Run lifecycle", [beadFile("lifecycle.tif", 7)]);
  const projectUrl = p.url();

  // a run long enough to be caught while it is queued or running
  await p.getByLabel("Richardson-Lucy iterations").fill("10000");
  await p.getByRole("button", { name: "Run deconvolution" }).click();
  await expect(p).toHaveURL(/\/runs\//);
  const cancelledUrl = p.url();
  const cancelledId = cancelledUrl.split("/runs/")[1];
  await expect(p.getByTestId("run-status")).toHaveText(/QUEUED|RUNNING/);
  await p.getByRole("button", { name: "Cancel run" }).click();
  await expect(p.getByTestId("run-status")).toHaveText("CANCELLED");
  await expect(p.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await p.reload();
  await expect(p.getByTestId("run-status")).toHaveText("CANCELLED");
  await expect(p.getByTestId("run-progress")).not.toContainText("100 %");
  await expect(p.getByTestId("result-preview")).toHaveCount(0);
  // a cancelled run can be run again, but only a run that succeeded can be reproduced
  await expect(p.getByRole("button", { name: "Re-run", exact: true })).toBeVisible();
  await expect(p.getByRole("button", { name: "Reproduce" })).toHaveCount(0);
  await p.screenshot(shot("02-run-cancelled"));

  // re-run it with fewer iterations: the form starts from the run's own parameters
  await p.getByRole("button", { name: "Re-run with edited parameters" }).click();
  const paramsBox = p.getByLabel(/Parameters \(JSON/);
  const params = JSON.parse(await paramsBox.inputValue()) as Record<string, unknown>;
  expect(params.iterations).toBe(10000);
  await paramsBox.fill(JSON.stringify({ ...params, iterations: 8 }, null, 2));
  await p.getByRole("button", { name: "Submit re-run" }).click();
  await expect(p).not.toHaveURL(cancelledUrl);
  await expect(p).toHaveURL(/\/runs\//);
  const rerunUrl = p.url();
  const rerunId = rerunUrl.split("/runs/")[1];
  await expect(p.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });
  await expect(p.getByTestId("run-progress")).toContainText("100 % · iteration 8 of 8");
  await expect(p.getByText(`re-runs ${cancelledId.slice(0, 8)}`)).toBeVisible();
  await expect(p.getByRole("link", { name: cancelledId.slice(0, 8) })).toHaveAttribute("href", `/runs/${cancelledId}`);
  await expect(p.getByTestId("provenance-table")).toContainText("iterations = 8");
  await expect(provenanceValue(p, "Iterations")).toHaveText("8 of 8");
  await expect(p.getByTestId("reproduced-match")).toHaveCount(0);
  // the new run's own parameters are what its edit form starts from
  await expect(p.getByLabel(/Parameters \(JSON/)).toHaveCount(0);
  await p.getByRole("button", { name: "Re-run with edited parameters" }).click();
  expect((JSON.parse(await p.getByLabel(/Parameters \(JSON/).inputValue()) as Record<string, unknown>).iterations).toBe(8);
  await p.getByRole("button", { name: "Re-run with edited parameters" }).click();
  await expect(p.getByLabel(/Parameters \(JSON/)).toHaveCount(0);
  const rerunSha = (await provenanceValue(p, "Output voxels SHA-256").textContent())?.trim() ?? "";
  expect(rerunSha).toMatch(/^[0-9a-f]{64}$/);
  const rerunVoxels = await downloadResult(p);
  await p.screenshot(shot("03-rerun-succeeded"));

  // reproduce the re-run: same record, and the page says the output matches byte for byte
  await p.getByRole("button", { name: "Reproduce" }).click();
  await expect(p).not.toHaveURL(rerunUrl);
  await expect(p.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });
  await expect(p.getByText(`reproduces ${rerunId.slice(0, 8)}`)).toBeVisible();
  await expect(p.getByTestId("reproduced-match")).toHaveText("Reproduced: the output checksum matches the source run's, byte for byte.");
  await expect(p.getByTestId("provenance-table")).toContainText("iterations = 8");
  await expect(provenanceValue(p, "Output voxels SHA-256")).toHaveText(rerunSha);
  // and it does: the downloaded voxels are the same numbers
  const reproducedVoxels = await downloadResult(p);
  expect(createHash("sha256").update(reproducedVoxels).digest("hex")).toBe(createHash("sha256").update(rerunVoxels).digest("hex"));
  await p.screenshot(shot("04-reproduced"));

  // the project lists all three; the cancelled one stayed cancelled after the others ran
  await p.goto(projectUrl);
  const runs = p.getByTestId("runs-table");
  await expect(p.getByTestId("run-row")).toHaveCount(3);
  await expect(runs.locator(".status.SUCCEEDED")).toHaveCount(2);
  await expect(runs.getByRole("row", { name: new RegExp(cancelledId.slice(0, 8)) }).locator(".status")).toHaveText("CANCELLED");
});

test("a manager edits a profile's NA: version 2 is current and version 1 stays in the history", async ({ browser }) => {
  const owner = await signUp(browser, "Olga Optics", uniqueEmail("optics"));
  const p = owner.page;
  const { labUrl } = await labWithProfile(owner, "Optics Lab", "Upright 60x");
  await expect(p.getByTestId("optics")).toContainText("60× / NA 1.4");

  await p.getByRole("button", { name: "Edit" }).click();
  const form = p.getByTestId("edit-profile-form");
  await expect(form.getByLabel("NA", { exact: true })).toHaveValue("1.4");
  await form.getByLabel("NA", { exact: true }).fill("1.3");
  await form.getByLabel("Immersion medium").selectOption("silicone");
  await expect(form.getByLabel("Immersion index")).toHaveValue("1.406");
  await form.getByRole("button", { name: "Save as version 2" }).click();

  await expect(p.getByTestId("edit-profile-form")).toHaveCount(0);
  await expect(p.getByRole("heading", { name: "Upright 60x" })).toContainText("v2");
  await expect(p.getByTestId("optics")).toContainText("60× / NA 1.3");
  await expect(p.getByTestId("optics")).toContainText("silicone, n = 1.406");
  const versions = p.getByTestId("versions-table").locator("tbody tr");
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText("v2");
  await expect(versions.nth(0)).toContainText("60× / NA 1.3 silicone");
  await expect(versions.nth(0)).toContainText("Olga Optics");
  await expect(versions.nth(1)).toContainText("v1");
  await expect(versions.nth(1)).toContainText("60× / NA 1.4 oil");
  await p.screenshot(shot("05-profile-v2"));

  // the edit form now starts from version 2, before and after a reload; the lab's list shows it
  for (const reload of [false, true]) {
    if (reload) await p.reload();
    await p.getByRole("button", { name: "Edit" }).click();
    await expect(p.getByTestId("edit-profile-form").getByLabel("NA", { exact: true })).toHaveValue("1.3");
    await expect(p.getByTestId("edit-profile-form").getByLabel("Immersion medium")).toHaveValue("silicone");
    await expect(p.getByRole("button", { name: "Save as version 3" })).toBeVisible();
    await p.getByRole("button", { name: "Cancel" }).click();
    await expect(p.getByTestId("optics")).toContainText("60× / NA 1.3");
  }
  await p.goto(labUrl);
  const row = p.getByTestId("profiles-table").getByRole("row", { name: /Upright 60x/ });
  await expect(row).toContainText("NA 1.3 silicone");
  await expect(row).toContainText("v2");
});

test("a measured PSF uploaded to a profile is its channel's new default version, downloads as uploaded, and runs", async ({ browser }) => {
  const owner = await signUp(browser, "Paul PSF", uniqueEmail("psf"));
  const p = owner.page;
  const { labUrl } = await labWithProfile(owner, "PSF Lab", "Widefield 100x");

  // version 1: a quick theoretical PSF from the optics
  await generateFirstGaussianPsf(p);

  // version 2: a measured bead, uploaded as a TIFF
  const psfFile = path.join(scratchDir(), "measured-bead.tif");
  writeGaussianPsf(psfFile);
  const psfBytes = fs.readFileSync(psfFile);
  const psfSha = createHash("sha256").update(psfBytes).digest("hex");
  const upload = p.getByTestId("upload-psf-form");
  await upload.getByLabel("PSF file").setInputFiles(psfFile);
  await upload.getByRole("button", { name: "Upload PSF" }).click();
  await expect(upload.getByRole("status")).toHaveText("PSF version 2 added.");
  const rows = p.getByTestId("psf-row");
  await expect(rows).toHaveCount(2);
  await expect(p.getByRole("tab", { name: /GFP \(520 nm\) · 2/ })).toBeVisible();
  const uploaded = rows.filter({ hasText: "measured-bead.tif" });
  await expect(uploaded).toContainText("v2");
  await expect(uploaded).toContainText("UPLOADED");
  await expect(uploaded).toContainText("9×15×15");
  // FWHM measured from the uploaded voxels: 2.355 σ = 353 nm across (σ 1.5 × 100 nm), 1177 nm along z (σ 2 × 250 nm)
  await expect(uploaded).toContainText(/3[4-6]\d × 3[4-6]\d × 1(1[5-9]|2[0-2])\d nm/);
  await expect(uploaded).toContainText("Paul PSF");
  await expect(uploaded).toContainText(psfSha.slice(0, 12));
  await expect(uploaded.getByTestId("psf-default")).toBeVisible(); // "Make default" was ticked
  const theoretical = rows.filter({ hasText: "THEORETICAL" });
  await expect(theoretical).toContainText("v1");
  await expect(theoretical.getByTestId("psf-default")).toHaveCount(0);
  await expect(theoretical.getByRole("button", { name: "Set default" })).toBeVisible();
  await p.screenshot(shot("06-psf-uploaded"));

  // the library hands back exactly the bytes that went in
  const href = await uploaded.getByRole("link", { name: "Download" }).getAttribute("href");
  expect(href).toBeTruthy();
  const download = await p.request.get(href!);
  expect(download.status()).toBe(200);
  expect(createHash("sha256").update(await download.body()).digest("hex")).toBe(psfSha);

  // and a run of the lab uses it through the profile's default
  await p.goto(labUrl);
  await p.getByLabel("New project").fill("Measured PSF check");
  await p.getByRole("button", { name: "Create project" }).click();
  await expect(p.getByRole("heading", { name: "Measured PSF check" })).toBeVisible();
  await p.getByTestId("image-upload").setInputFiles(beadFile("psf-check.tif", 3));
  await expect(p.getByTestId("images-table")).toContainText("psf-check.tif");
  const form = p.getByTestId("submit-run-form");
  await expect(form.locator('select[name="psf"] option', { hasText: "GFP v2 uploaded measured-bead.tif (default)" })).toHaveCount(1);
  await form.locator('select[name="psf"]').selectOption(await optionValue(p, "psf", "Default PSF of Widefield 100x"));
  await form.getByLabel("Richardson-Lucy iterations").fill("5");
  await form.getByRole("button", { name: "Run deconvolution" }).click();
  await expect(p).toHaveURL(/\/runs\//);
  await expect(p.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });
  await expect(p.getByText(/uploaded\s+measured-bead\.tif/)).toBeVisible();
  await expect(p.getByRole("link", { name: "Widefield 100x" })).toBeVisible();
  await expect(provenanceValue(p, "PSF SHA-256")).toHaveText(/^[0-9a-f]{64}$/);
  await expect(provenanceValue(p, "PSF shape")).toHaveText("[9,15,15]");
});

test("the owner promotes a member to manager and demotes them to viewer; the member's lab page follows", async ({ browser }) => {
  const owner = await signUp(browser, "Oscar Owner", uniqueEmail("owner"));
  const o = owner.page;
  const labUrl = await createLab(owner, "Role Lab");
  const memberEmail = uniqueEmail("roles");
  const invite = o.getByTestId("invite-form");
  await invite.getByLabel("Invite by email").fill(memberEmail);
  await invite.getByLabel("Role").selectOption("MEMBER");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(o.getByTestId("invitations-table")).toContainText(memberEmail);

  const member = await signUp(browser, "Mia Member", memberEmail);
  const m = member.page;
  await m.getByTestId("my-invitations").getByRole("button", { name: "Accept" }).click();
  await expect(m.getByTestId("my-labs").getByRole("row", { name: /Role Lab/ })).toContainText("MEMBER");
  await m.goto(labUrl);
  await expect(m.getByTestId("my-role")).toHaveText("MEMBER");
  await expect(m.getByTestId("members-table").getByRole("row", { name: /Mia Member/ })).toContainText("MEMBER");
  await expect(m.getByRole("button", { name: "New profile" })).toHaveCount(0);
  await expect(m.getByTestId("new-project-form")).toBeVisible();

  // the lab's only owner cannot step down: refused, and the table still shows the role held
  await o.reload();
  const ownerSelect = o.getByTestId("members-table").getByRole("row", { name: /Oscar Owner/ }).getByRole("combobox");
  await expect(ownerSelect).toHaveValue("OWNER");
  await ownerSelect.selectOption("MEMBER");
  await expect(o.getByText("A lab needs at least one owner: make someone else owner first.")).toBeVisible();
  await expect(ownerSelect).toHaveValue("OWNER");
  await expect(o.getByTestId("my-role")).toHaveText("OWNER");

  // the owner makes Mia a manager
  await o.reload();
  const miaRow = o.getByTestId("members-table").getByRole("row", { name: /Mia Member/ });
  await expect(miaRow.getByRole("combobox")).toHaveValue("MEMBER");
  await setRole(o, "Mia Member", "MANAGER");
  await o.screenshot(shot("07-owner-promoted-member"));

  // Mia now runs the lab's shared resources: she creates a microscope profile
  await m.reload();
  await expect(m.getByTestId("my-role")).toHaveText("MANAGER");
  await m.getByRole("button", { name: "New profile" }).click();
  await m.getByLabel("Profile name").fill("Mia's confocal");
  await m.getByRole("button", { name: "Create profile" }).click();
  await expect(m.getByRole("heading", { name: "Mia's confocal" })).toBeVisible();
  await expect(m.getByRole("button", { name: "Edit" })).toBeVisible();
  await m.goto(labUrl);
  await expect(m.getByTestId("profiles-table")).toContainText("Mia's confocal");
  await m.screenshot(shot("08-member-as-manager"));

  // the owner makes Mia a viewer: she can look, not change
  await setRole(o, "Mia Member", "VIEWER");
  await m.reload();
  await expect(m.getByTestId("my-role")).toHaveText("VIEWER");
  await expect(m.getByTestId("profiles-table")).toContainText("Mia's confocal");
  await expect(m.getByRole("button", { name: "New profile" })).toHaveCount(0);
  await expect(m.getByTestId("new-project-form")).toHaveCount(0);
  await expect(m.getByTestId("invite-form")).toHaveCount(0);
  await m.getByRole("link", { name: "Mia's confocal" }).click();
  await expect(m.getByTestId("optics")).toBeVisible();
  await expect(m.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(m.getByTestId("generate-psf-form")).toHaveCount(0);
  await m.screenshot(shot("09-member-as-viewer"));
});

test("two uploaded images become a dataset, listed on the project, and run as one batch", async ({ browser }) => {
  const person = await signUp(browser, "Dana Dataset", uniqueEmail("dataset"));
  const p = person.page;
  await projectWithImages(p, "Dataset project", [beadFile("day1-a.tif", 21), beadFile("day1-b.tif", 22)]);
  const images = p.getByTestId("images-table");

  const create = p.getByRole("button", { name: /Create dataset from \d+ selected/ });
  await expect(create).toHaveText("Create dataset from 0 selected");
  await expect(create).toBeDisabled();
  await p.getByLabel("Select all images").check();
  await p.getByLabel("Dataset name").fill("Day 1 beads");
  await expect(create).toHaveText("Create dataset from 2 selected");
  await create.click();
  await expect(p.getByTestId("datasets")).toContainText("Day 1 beads (2)");
  await expect(p.getByLabel("Dataset name")).toHaveValue("");
  for (const name of ["day1-a.tif", "day1-b.tif"]) {
    await expect(images.getByRole("row", { name: new RegExp(name) })).toContainText("Day 1 beads");
  }
  await p.screenshot(shot("10-dataset"));

  // the dataset is an input of the run form: one submission, a run per image
  const form = p.getByTestId("submit-run-form");
  await form.locator('select[name="input"]').selectOption(await optionValue(p, "input", "Day 1 beads (2 images)"));
  await form.locator('select[name="algorithm"]').selectOption({ label: "Wiener filter" });
  await form.getByRole("button", { name: "Run deconvolution" }).click();
  await expect(p.getByTestId("batch-status")).toHaveText("Batch submitted: 2 runs queued.");
  const runs = p.getByTestId("runs-table");
  await expect(p.getByTestId("run-row")).toHaveCount(2);
  await expect(runs).toContainText("day1-a.tif");
  await expect(runs).toContainText("day1-b.tif");
  await expect(runs.locator(".status.SUCCEEDED")).toHaveCount(2, { timeout: 90_000 });
  await expect(runs).toContainText("wiener");

  // still listed after a reload
  await p.reload();
  await expect(p.getByTestId("datasets")).toContainText("Day 1 beads (2)");
});
