// Shared by tests/unit/credentials-*.test.ts: where the published test vectors
// live (../shared, read only by tests) and the one context only they use.
import fs from "node:fs";
import path from "node:path";
import { createDocumentLoader } from "~/credentials/contexts.server";

export const VECTORS_DIR = path.resolve(__dirname, "../../../shared/data/credentials");
export const hasVectors = fs.existsSync(VECTORS_DIR);

export function readVector(relative: string): string {
  return fs.readFileSync(path.join(VECTORS_DIR, relative), "utf8");
}
export function readVectorJson<T = Record<string, unknown>>(relative: string): T {
  return JSON.parse(readVector(relative)) as T;
}

// https://www.w3.org/ns/credentials/examples/v2, as published by the W3C: the
// vc-di-eddsa vectors use it. The product never loads it.
export const EXAMPLES_V2_URL = "https://www.w3.org/ns/credentials/examples/v2";
export const EXAMPLES_V2_CONTEXT = { "@context": { "@vocab": "https://www.w3.org/ns/credentials/examples#" } };

export const vectorLoader = createDocumentLoader({ extraContexts: { [EXAMPLES_V2_URL]: EXAMPLES_V2_CONTEXT } });
