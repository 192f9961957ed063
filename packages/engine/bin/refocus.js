#!/usr/bin/env node
// Thin launcher so the workspace links `refocus` even before the first build.
import { main } from "../dist/cli/main.js";
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
