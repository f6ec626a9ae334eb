import type { BenchDomain } from "./index";

export const certdocs: BenchDomain = {};
