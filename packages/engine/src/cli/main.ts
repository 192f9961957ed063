/**
 * The `refocus` command-line entry point: dispatches to subcommands (cli/commands/*.ts, each a
 * CliCommand) and turns errors into exit codes: 0 ok, 2 wrong usage (message + usage on stderr),
 * 1 failure (EngineError and unreadable files as `refocus: <message>`, anything else with its stack).
 */
import { isEngineError } from "../errors.js";
import { ENGINE_VERSION } from "../version.js";
import { UsageError, type CliCommand, type CliIO } from "./types.js";

/** Subcommands, loaded on demand so `refocus info` does not load the compute backends. */
const REGISTRY: ReadonlyArray<{ name: string; load: () => Promise<CliCommand> }> = [
  { name: "deconvolve", load: async () => (await import("./commands/deconvolve.js")).deconvolveCommand },
  { name: "psf", load: async () => (await import("./commands/psf.js")).psfCommand },
  { name: "info", load: async () => (await import("./commands/info.js")).infoCommand },
  { name: "metrics", load: async () => (await import("./commands/metrics.js")).metricsCommand },
];

const defaultIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

async function mainUsage(): Promise<string> {
  const commands = await Promise.all(REGISTRY.map((r) => r.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: refocus COMMAND [options]",
    "",
    "Deconvolution of fluorescence microscopy stacks (TIFF in, TIFF out).",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `refocus COMMAND --help` for a command's options.",
    "  -h, --help     show this help",
    "  -V, --version  print the engine version",
  ].join("\n");
}

/** Errors from the file system (missing file, directory, permissions): the user's to fix, no stack. */
function fileErrorMessage(e: unknown): string | undefined {
  if (!(e instanceof Error) || !("code" in e) || !("path" in e)) return undefined;
  const code = String((e as NodeJS.ErrnoException).code);
  const reasons: Record<string, string> = {
    ENOENT: "no such file or directory",
    EISDIR: "it is a directory",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOTDIR: "a parent is not a directory",
  };
  const reason = reasons[code];
  return reason ? `cannot open ${(e as NodeJS.ErrnoException).path}: ${reason}` : undefined;
}

/**
 * Runs `refocus` with `argv` (without node and script path) and resolves to the exit code.
 * Never throws.
 */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      const text = await mainUsage();
      if (name === undefined) {
        io.stderr(text + "\n");
        return 2;
      }
      io.stdout(text + "\n");
      return 0;
    }
    if (name === "-V" || name === "--version" || name === "version") {
      io.stdout(`refocus ${ENGINE_VERSION}\n`);
      return 0;
    }
    const entry = REGISTRY.find((r) => r.name === name);
    if (!entry) {
      io.stderr(`refocus: unknown command "${name}"\n\n${await mainUsage()}\n`);
      return 2;
    }
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(command.usage + "\n");
      return 0;
    }
    try {
      return await command.run(rest, io);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr(`refocus ${command.name}: ${e.message}\n\n${command.usage}\n`);
        return 2;
      }
      throw e;
    }
  } catch (e) {
    if (isEngineError(e)) {
      io.stderr(`refocus: ${e.message}\n`);
      return 1;
    }
    const fileMessage = fileErrorMessage(e);
    if (fileMessage) {
      io.stderr(`refocus: ${fileMessage}\n`);
      return 1;
    }
    io.stderr(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
