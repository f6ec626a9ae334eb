import type { BenchDomain } from "./index";

export const roster: BenchDomain = {};
