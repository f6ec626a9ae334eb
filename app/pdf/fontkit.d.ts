// fontkit ships no types; PDFKit only needs the parsed font object back.
declare module "fontkit" {
  export function create(buffer: Uint8Array, postscriptName?: string): { layout: (...args: unknown[]) => unknown };
}
