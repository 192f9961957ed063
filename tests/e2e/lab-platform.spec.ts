/**
 * The lab platform as a facility uses it: a manager sets up the "Imaging Facility" lab with a
 * microscope profile, a Gibson & Lanni PSF (the channel's default) and a shared run template, and
 * invites a member; the member signs up, accepts, makes a lab-visible project, uploads two images
 * and submits them as one batch with the template and the profile's default PSF, watches a run
 * finish and compares the two results; the manager finds all of it in the audit log and its CSV
 * export; a user of another lab sees none of it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createLab, optionValue, signUp, writeBeadStack } from "./lab-helpers";
import { screenshotDir, uniqueEmail } from "./support";

const shot = (name: string) => ({ path: path.join(screenshotDir, `lab-${name}.png`), fullPage: true });

test("a lab shares a microscope profile, its PSF and a template; the audit log shows it; outsiders see nothing", async ({ browser }) => {
  test.setTimeout(180_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "refocus-lab-e2e-"));
  const files = [path.join(tmp, "cells-a.tif"), path.join(tmp, "cells-b.tif")];
  files.forEach((f, i) => writeBeadStack(f, 11 + i));
  const memberEmail = uniqueEmail("member");

  // ── the manager sets up the lab ───────────────────────────────────────────────────────────
  const manager = await signUp(browser, "Marie Manager", uniqueEmail("manager"));
  const m = manager.page;
  const labUrl = await createLab(manager, "Imaging Facility");

  await m.getByRole("button", { name: "New profile" }).click();
  await m.getByLabel("Profile name").fill("Widefield 60x oil");
  await m.getByRole("button", { name: "Create profile" }).click();
  await expect(m).toHaveURL(/\/profiles\//);
  const profileUrl = m.url();
  await expect(m.getByTestId("optics")).toContainText("60× / NA 1.4");
  await expect(m.getByTestId("optics")).toContainText("emission 520 nm");

  const generate = m.getByTestId("generate-psf-form");
  await expect(generate.locator('select[name="model"]')).toHaveValue("gibson-lanni");
  await generate.getByLabel("Size z").fill("15");
  await generate.getByLabel("Size y").fill("31");
  await generate.getByLabel("Size x").fill("31");
  await generate.getByRole("button", { name: "Generate PSF" }).click();
  await expect(generate.getByRole("status")).toContainText("PSF version 1 generated", { timeout: 60_000 });
  const psfRow = m.getByTestId("psf-row").first();
  await expect(psfRow).toContainText("gibson-lanni");
  await expect(psfRow).toContainText("15×31×31");
  await expect(psfRow).toContainText("THEORETICAL");
  await expect(psfRow).toContainText(/\d+ × \d+ × \d+ nm/); // FWHM from the PSF's quality record
  await expect(psfRow.getByTestId("psf-default")).toBeVisible();
  await m.screenshot(shot("01-profile-psf-library"));

  await m.goto(labUrl);
  const template = m.getByTestId("new-template-form");
  await template.getByLabel("Template name").fill("RL 10 iterations");
  await template.getByLabel("Richardson-Lucy iterations").fill("10");
  await template.getByRole("button", { name: "New template" }).click();
  await expect(m.getByTestId("templates-table")).toContainText("RL 10 iterations");
  await expect(m.getByTestId("templates-table")).toContainText('"iterations":10');

  const invite = m.getByTestId("invite-form");
  await invite.getByLabel("Invite by email").fill(memberEmail);
  await invite.locator('select[name="role"]').selectOption("MEMBER");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(m.getByTestId("invitations-table")).toContainText(memberEmail);
  await m.screenshot(shot("02-lab"));

  // ── the member joins and submits a batch ──────────────────────────────────────────────────
  const member = await signUp(browser, "Max Member", memberEmail);
  const p = member.page;
  const invitations = p.getByTestId("my-invitations");
  await expect(invitations).toContainText("Imaging Facility");
  await p.screenshot(shot("03-member-invitation"));
  await invitations.getByRole("button", { name: "Accept" }).click();
  await expect(p.getByTestId("my-labs")).toContainText("Imaging Facility");
  await expect(p.getByTestId("my-labs").getByRole("row", { name: /Imaging Facility/ })).toContainText("MEMBER");

  const newProject = p.getByTestId("new-project-form");
  await newProject.getByLabel("New project").fill("Nuclei batch");
  await newProject.locator('select[name="labId"]').selectOption({ label: "Imaging Facility (member)" });
  await newProject.locator('select[name="visibility"]').selectOption("LAB");
  await newProject.getByRole("button", { name: "Create project" }).click();
  await expect(p.getByRole("heading", { name: "Nuclei batch" })).toBeVisible();
  const projectUrl = p.url();
  await expect(p.getByTestId("preview-link")).toHaveAttribute("href", /\/projects\/[^/]+\/preview$/);

  await p.getByTestId("image-upload").setInputFiles(files);
  const images = p.getByTestId("images-table");
  await expect(images).toContainText("cells-a.tif");
  await expect(images).toContainText("cells-b.tif");
  await expect(images).toContainText("16×64×64");
  await p.getByLabel("Select all images").check();

  const form = p.getByTestId("submit-run-form");
  await expect(form.locator('select[name="input"]')).toHaveValue("selected");
  await form.locator('select[name="psf"]').selectOption(await optionValue(p, "psf", "Default PSF of Widefield 60x oil"));
  await form.locator('select[name="paramsFrom"]').selectOption(await optionValue(p, "paramsFrom", "RL 10 iterations"));
  await p.screenshot(shot("04-project-batch-form"));
  await form.getByRole("button", { name: "Run deconvolution" }).click();
  await expect(p.getByTestId("batch-status")).toHaveText("Batch submitted: 2 runs queued.");
  const runRows = p.getByTestId("run-row");
  await expect(runRows).toHaveCount(2);

  // watch one run to the end: live progress, then the result and its provenance
  await runRows.first().getByRole("link").first().click();
  await expect(p).toHaveURL(/\/runs\//);
  const runUrl = p.url();
  await expect(p.getByTestId("run-status")).toHaveText("SUCCEEDED", { timeout: 90_000 });
  await expect(p.getByTestId("run-progress")).toContainText("100 % · iteration 10 of 10");
  await expect(p.getByTestId("result-preview")).toBeVisible();
  await expect(p.getByText(/gibson-lanni/).first()).toBeVisible();
  await expect(p.getByTestId("provenance-table")).toContainText("iterations = 10");
  await p.screenshot(shot("05-run"));

  await p.goto(projectUrl);
  await expect(p.getByTestId("runs-table")).not.toContainText(/QUEUED|RUNNING/, { timeout: 90_000 });
  await expect(p.getByTestId("runs-table").locator(".status.SUCCEEDED")).toHaveCount(2);
  await p.screenshot(shot("06-project-runs"));
  for (const box of await p.getByTestId("runs-table").getByRole("checkbox").all()) await box.check();
  await p.getByTestId("compare-link").click();
  await expect(p).toHaveURL(/\/compare\?a=.+&b=.+/);
  await expect(p.getByTestId("compare-metrics")).toContainText(/PSNR \(b vs a\)\s*\d+\.\d+ dB/);
  await expect(p.getByText("Same parameters.")).toBeVisible();
  await expect(p.getByTestId("result-a")).toBeVisible();
  await expect(p.getByTestId("result-b")).toBeVisible();
  await p.screenshot(shot("07-compare"));

  // ── the manager reads the audit log ───────────────────────────────────────────────────────
  await m.getByRole("link", { name: "Audit" }).click();
  const filter = m.getByTestId("audit-filter");
  await filter.locator('select[name="labId"]').selectOption({ label: "Imaging Facility" });
  await filter.getByRole("button", { name: "Filter" }).click();
  const audit = m.getByTestId("audit-table");
  await expect(audit).toContainText("profile.create");
  await expect(audit).toContainText("psf.create");
  await expect(audit.getByRole("row", { name: /run\.submit/ })).toHaveCount(2);
  await expect(audit.getByRole("row", { name: /run\.submit/ }).first()).toContainText("Max Member");
  await expect(audit).not.toContainText("user.sign_in");
  await m.screenshot(shot("08-audit"));
  const csvHref = await m.getByTestId("audit-csv").getAttribute("href");
  expect(csvHref).toMatch(/\/api\/audit\.csv\?labId=/);
  const csv = await m.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  const csvText = await csv.text();
  expect(csvText).toContain("profile.create");
  expect(csvText).toContain("psf.create");
  expect(csvText.split("\n").filter((line) => line.includes("run.submit"))).toHaveLength(2);

  // ── someone from another lab sees none of it ──────────────────────────────────────────────
  const outsider = await signUp(browser, "Otto Outsider", uniqueEmail("outsider"));
  const o = outsider.page;
  await expect(o.getByTestId("my-labs")).toBeVisible();
  await expect(o.getByTestId("my-labs")).not.toContainText("Imaging Facility");
  await expect(o.getByText("Nuclei batch")).toHaveCount(0);
  for (const url of [labUrl, profileUrl, projectUrl, runUrl]) {
    await o.goto(url);
    await expect(o.getByText(/not found/i).first()).toBeVisible();
    await expect(o.getByText(/Imaging Facility|Widefield 60x oil|Nuclei batch|cells-a\.tif/)).toHaveCount(0);
  }
  await o.screenshot(shot("09-outsider-run-not-found"));
  await o.goto("/audit");
  await expect(o.getByTestId("audit-table")).toBeVisible();
  await expect(o.getByTestId("audit-table")).not.toContainText(/profile\.create|psf\.create|run\.submit/);
  await o.goto("/admin");
  await expect(o.getByTestId("not-admin")).toBeVisible();

  fs.rmSync(tmp, { recursive: true, force: true });
});
