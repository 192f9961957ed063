// The package ships no types; the engine sees it only through PffftModule (pffft-module.ts).
declare module "@echogarden/pffft-wasm/simd" {
  const factory: () => Promise<unknown>;
  export default factory;
}
