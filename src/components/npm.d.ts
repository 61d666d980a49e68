// Framework serves `npm:` imports from its npm cache (tools/offline-cache.ts fills it from
// node_modules): to the type checker they are the installed packages.
declare module "npm:@observablehq/plot" {
  export * from "@observablehq/plot";
}
