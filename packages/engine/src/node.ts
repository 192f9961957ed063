/**
 * Node-only API of the Refocus engine: the multi-threaded CPU backend and file helpers.
 * Import from "@refocus/engine/node"; never from browser code.
 */
export * as _placeholder from "./version.js";
