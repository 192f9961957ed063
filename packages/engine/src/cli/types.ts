/** Contract between the `refocus` entry point (main.ts) and its subcommands (commands/*.ts). */

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: commands may draw a progress bar there. */
  isTTY: boolean;
}

export interface CliCommand {
  /** Subcommand word, e.g. "deconvolve". */
  name: string;
  /** One line for `refocus --help`. */
  summary: string;
  /** Full usage text printed on `refocus NAME --help` and on wrong arguments. */
  usage: string;
  /** Runs the command; resolves to the process exit code (0 ok, 2 usage error, 1 failure). */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown for wrong arguments: main.ts prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
