// Settings shared by the benchmark modules. Scale and version live in the
// marker row, so changing either regenerates the data on the next run.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const UNITS_FILE = path.resolve(REPO_ROOT, "../shared/data/vn-admin-units-2025.json");
export const RESULTS_FILE = path.join(REPO_ROOT, "bench/results.json");

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/ctxh_bench";

export const SCALE = {
  provinces: 34,
  communes: 3321,
  people: 100_000,
  accounts: 60_000,
} as const;

/** Bump when the shape of the generated data changes. */
export const DATA_VERSION = "bench-data-1";
export const MARKER_KEY = "bench.generated";
export const SEED = 2025_07_01;

/** Every generated account has this password; login scenarios post it. */
export const BENCH_PASSWORD = "ctxh-bench-2026";
/** Account phones are this prefix + a 7-digit index: unique and easy to rebuild. */
export const ACCOUNT_PHONE_PREFIX = "098";
export function accountPhone(index: number) {
  return ACCOUNT_PHONE_PREFIX + String(index).padStart(7, "0");
}

/** Sessions opened by the harness carry this user agent, so each run can clean up its own. */
export const BENCH_USER_AGENT = "ctxh-bench";

function seconds(name: string, fallback: number) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const DURATION_S = seconds("BENCH_DURATION", 10);
export const WARMUP_S = seconds("BENCH_WARMUP", 2);
