/**
 * Stands in for Node's "module" in browser bundles: the PFFFT wasm loader imports it only on its
 * Node path (`if (ENVIRONMENT_IS_NODE) await import("module")`), which a browser never takes, but
 * Turbopack must resolve every import. Wired in next.config.ts (turbopack.resolveAlias).
 */
export function createRequire(): never {
  throw new Error('Node\'s "module" is not available in the browser');
}
export default { createRequire };
