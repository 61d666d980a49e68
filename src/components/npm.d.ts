// Framework serves `npm:` imports from its npm cache (tools/offline-cache.ts fills it from
// node_modules): to the type checker they are the installed packages.
declare module "npm:@observablehq/plot" {
  export * from "@observablehq/plot";
}

declare module "npm:htl" {
  /** Hypertext literal: interpolated text is escaped and attribute values quoted, never parsed as HTML. */
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
}

declare module "npm:@observablehq/inputs" {
  /** Observable Inputs (the subset the components use): each returns a form element with a `value`. */
  type Options = Record<string, unknown>;
  export function form(inputs: Record<string, HTMLElement>, options?: Options): HTMLElement;
  export function checkbox(data: readonly string[], options?: Options): HTMLElement;
  export function select(data: readonly string[] | Map<string, unknown>, options?: Options): HTMLElement;
  export function range(extent: [number, number], options?: Options): HTMLElement;
  export function number(options?: Options): HTMLElement;
}

declare module "npm:@observablehq/inputs" {
  export function table(data: readonly unknown[], options?: Record<string, unknown>): HTMLElement;
}
