// Runs one scenario with autocannon: a checked preflight, a warm-up, then the
// measured run. Latencies are collected per response (autocannon's own
// histogram has no p95 and rounds to whole milliseconds).
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { BENCH_USER_AGENT } from "./config";
import type { RequestSpec, Scenario } from "./scenarios";

export interface Measurement {
  name: string;
  method: string;
  path: string;
  connections: number;
  duration_s: number;
  requests: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  /** Connection errors, timeouts and responses with an unexpected status. */
  errors: number;
  status_counts: Record<string, number>;
}

type Next = () => RequestSpec;

const round1 = (n: number) => Math.round(n * 10) / 10;

function percentile(sorted: Float64Array, p: number) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function baseHeaders(spec: RequestSpec) {
  return { "user-agent": BENCH_USER_AGENT, ...spec.headers };
}

/** Sends requests (a few at a time) and fails loudly if an answer is not what the scenario expects. */
async function preflight(baseUrl: string, scenario: Scenario, next: Next) {
  let left = scenario.preflight ?? 3;
  const worker = async () => {
    while (left-- > 0) await check(baseUrl, scenario, next());
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

async function check(baseUrl: string, scenario: Scenario, spec: RequestSpec) {
  const response = await fetch(baseUrl + (spec.path ?? scenario.path), {
    method: scenario.method,
    headers: baseHeaders(spec),
    body: spec.body,
    redirect: "manual",
  });
  const text = await response.text();
  if (response.status !== scenario.expectStatus || (spec.mustContain && !text.includes(spec.mustContain))) {
    throw new Error(
      `Preflight of "${scenario.name}" failed: status ${response.status} (expected ${scenario.expectStatus})` +
        (spec.mustContain ? `, body ${text.includes(spec.mustContain) ? "contains" : "lacks"} "${spec.mustContain}"` : "") +
        `\n${text.slice(0, 400)}`,
    );
  }
}

async function load(baseUrl: string, scenario: Scenario, next: Next, seconds: number) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: baseUrl + scenario.path,
    method: scenario.method,
    connections: scenario.connections,
    duration: seconds,
    headers: { "user-agent": BENCH_USER_AGENT },
    requests: [
      {
        // Called before every request: this is where cookies and form bodies rotate.
        setupRequest: (request) => {
          const spec = next();
          return { ...request, path: spec.path ?? request.path, headers: { ...request.headers, ...spec.headers }, body: spec.body ?? request.body };
        },
      },
    ],
  });
  instance.on("response", (_client, status, _bytes, ms) => {
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await instance;
  // autocannon stops with requests still in flight on the server: let them
  // finish so they neither weigh on the next run nor meet a shutdown.
  await sleep(1000);
  return { result, latencies, statuses };
}

export async function measure(baseUrl: string, scenario: Scenario, seconds: number, warmupSeconds: number): Promise<Measurement> {
  const next: Next = scenario.setup ? await scenario.setup() : () => ({});
  await preflight(baseUrl, scenario, next);
  if (warmupSeconds > 0) await load(baseUrl, scenario, next, warmupSeconds);
  const { result, latencies, statuses } = await load(baseUrl, scenario, next, seconds);

  const sorted = Float64Array.from(latencies).sort();
  const unexpected = Object.entries(statuses).reduce((n, [status, c]) => (Number(status) === scenario.expectStatus ? n : n + c), 0);
  return {
    name: scenario.name,
    method: scenario.method,
    path: scenario.path,
    connections: scenario.connections,
    duration_s: result.duration,
    requests: latencies.length,
    rps: round1(latencies.length / result.duration),
    p50_ms: round1(percentile(sorted, 50)),
    p95_ms: round1(percentile(sorted, 95)),
    p99_ms: round1(percentile(sorted, 99)),
    errors: result.errors + unexpected,
    status_counts: statuses,
  };
}
