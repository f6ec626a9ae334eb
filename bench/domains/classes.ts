import type { BenchDomain } from "./index";

export const classes: BenchDomain = {};
