import type { BenchDomain } from "./index";

export const authoring: BenchDomain = {};
