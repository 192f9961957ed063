// Starts the platform's processes (API, worker(s), web) as children, for `npm start` and the tests.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = (name) => path.join(root, "node_modules/.bin", name);

function prefixLines(stream, label, out) {
  let rest = "";
  stream.on("data", (chunk) => {
    const text = rest + chunk.toString();
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) out.write(`${label} ${line}\n`);
  });
}

export function spawnService(label, command, args, { env, cwd = root, quiet = false } = {}) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  if (!quiet) {
    prefixLines(child.stdout, label, process.stdout);
    prefixLines(child.stderr, label, process.stderr);
  }
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return child;
}

export function startApi(env, opts) {
  return spawnService("[api]", bin("tsx"), ["apps/api/src/server.ts"], { env, ...opts });
}

export function startWorker(env, opts, label = "[worker]") {
  return spawnService(label, bin("tsx"), ["apps/api/src/worker/main.ts"], { env, ...opts });
}

export function startWeb(env, opts) {
  return spawnService("[web]", bin("next"), ["start", "-p", String(env.WEB_PORT ?? 3000)], { env, cwd: path.join(root, "apps/web"), ...opts });
}

/** Waits until `url` answers 2xx/3xx, or throws after `timeoutMs`. */
export async function waitForHttp(url, timeoutMs = 60_000, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`process for ${url} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 400) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function stopAll(children, timeoutMs = 10_000) {
  await Promise.all(children.filter(Boolean).map(async (child) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    await child.exited;
    clearTimeout(timer);
  }));
}

/** Runs a command to completion with inherited output; rejects on non-zero exit. */
export function run(command, args, { env, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

export const npmBin = process.platform === "win32" ? "npm.cmd" : "npm";
