import type { BenchDomain } from "./index";

export const targets: BenchDomain = {};
