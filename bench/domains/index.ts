// Feature benchmarks, one module per feature. A module can add HTTP scenarios
// (run with the others, reported against the floor) and timed steps for
// things that are not a stream of requests (a bulk job, an export, an import).
import type { Scenario } from "../scenarios";
import { certdocs } from "./certdocs";
import { roster } from "./roster";
import { targets } from "./targets";
import { authoring } from "./authoring";
import { classes } from "./classes";

export interface StepResult {
  name: string;
  /** The measured figure(s), e.g. { seconds: 12.3, items: 1000 }. */
  [key: string]: unknown;
  budget?: { description: string; pass: boolean };
}

export interface BenchStep {
  name: string;
  /** Runs once after the scenarios, against the running server. */
  run(serverUrl: string): Promise<StepResult>;
}

export interface BenchDomain {
  /** Fills what the feature needs in the bench database, before the server starts (idempotent). */
  prepare?(): Promise<void>;
  scenarios?: Scenario[];
  steps?: BenchStep[];
}

export const domains: BenchDomain[] = [certdocs, roster, targets, authoring, classes];
