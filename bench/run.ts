// npm run bench [-- --regen] [-- --only name,name]
//
// Fills a PostgreSQL database at national scale (once), builds the app if
// needed, starts the production server as a child process and drives it over
// HTTP with autocannon. Prints one JSON line per scenario on stdout (progress
// goes to stderr) and writes them all to bench/results.json.
//
// Environment: BENCH_DATABASE_URL, BENCH_DURATION (s, default 10),
// BENCH_WARMUP (s, default 2), BENCH_PORT (default 3100).
import "./env"; // must stay the first import
import fs from "node:fs";
import os from "node:os";
import { ensureBuild } from "./build";
import { DATABASE_URL, DURATION_S, RESULTS_FILE, WARMUP_S } from "./config";
import { closeDatabase, connectBenchDatabase, ensureDatabase } from "./database";
import { dropBenchSessions } from "./fixtures";
import { ensureData } from "./generate";
import { lessonFirstLoad } from "./first-load";
import { ensureLearningData, lessonPaths } from "./learning";
import { openBenchSessions } from "./fixtures";
import { measure, type Measurement } from "./measure";
import { scenarios, type Scenario } from "./scenarios";
import { domains, type StepResult } from "./domains";
import { freePort, startServer, type RunningServer } from "./server";

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function parseArgs(argv: string[]) {
  const regen = argv.includes("--regen");
  const at = argv.indexOf("--only");
  const onlyArg = argv.find((a) => a.startsWith("--only="))?.slice("--only=".length) ?? (at >= 0 ? argv[at + 1] : undefined);
  const only = onlyArg ? new Set(onlyArg.split(",").map((s) => s.trim())) : null;
  return { regen, only };
}

function redact(url: string) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

interface Row extends Measurement {
  ratio_to_floor: number | null;
  budget?: { p95_ms_max: number; min_ratio_to_floor: number; pass: boolean };
}

function withFloor(m: Measurement, scenario: Scenario, floor: Measurement | undefined): Row {
  const ratio = floor && floor.rps > 0 ? Math.round((m.rps / floor.rps) * 1000) / 1000 : null;
  const row: Row = { ...m, ratio_to_floor: ratio };
  if (scenario.budget) {
    const { p95MsMax, minRatioToFloor } = scenario.budget;
    row.budget = {
      p95_ms_max: p95MsMax,
      min_ratio_to_floor: minRatioToFloor,
      pass: m.errors === 0 && m.p95_ms <= p95MsMax && ratio !== null && ratio >= minRatioToFloor,
    };
  }
  return row;
}

async function main() {
  const started = performance.now();
  const { regen, only } = parseArgs(process.argv.slice(2));
  // The floor always runs: every other figure is read against it.
  const selected = scenarios.filter((s) => s.floor || !only || only.has(s.name));
  let server: RunningServer | undefined;
  let connected = false;

  const cleanUp = async () => {
    await server?.stop().catch((e) => log(`could not stop the server: ${e}`));
    server = undefined;
    if (connected) {
      await dropBenchSessions().catch(() => {});
      await closeDatabase().catch(() => {});
      connected = false;
    }
  };
  // Ctrl-C: stop the server and close connections before leaving.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void cleanUp().finally(() => process.exit(130));
    });
  }

  try {
    log(`database ${redact(DATABASE_URL)}`);
    if (await ensureDatabase(DATABASE_URL)) log("  created");
    await connectBenchDatabase(DATABASE_URL);
    connected = true;

    const data = await ensureData({ force: regen });
    log(data.generated ? `data generated in ${data.seconds.toFixed(1)} s` : "data already at this scale (use --regen to rebuild)");

    const learning = await ensureLearningData();
    log(learning.generated ? `learning data generated in ${learning.seconds.toFixed(1)} s (${learning.progressRows} lesson-progress rows)` : `learning data in place (${learning.progressRows} lesson-progress rows)`);

    for (const domain of domains) await domain.prepare?.();

    const buildStarted = performance.now();
    if (await ensureBuild()) log(`app built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);

    await dropBenchSessions(); // leftovers of an interrupted run
    const port = await freePort(Number(process.env.BENCH_PORT) || 3100);
    const serverStarted = performance.now();
    server = await startServer({ port, databaseUrl: DATABASE_URL });
    log(`server ready on ${server.url} (pid ${server.pid}) in ${((performance.now() - serverStarted) / 1000).toFixed(1)} s`);

    const date = new Date().toISOString();
    const machine = { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? null, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
    const rows: Row[] = [];
    let floor: Measurement | undefined;
    for (const scenario of selected) {
      log(`${scenario.name}: ${scenario.method} ${scenario.path}, ${scenario.connections} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s`);
      const m = await measure(server.url, scenario, DURATION_S, WARMUP_S);
      if (scenario.floor) floor = m;
      const row = withFloor(m, scenario, floor);
      rows.push(row);
      process.stdout.write(JSON.stringify(row) + "\n");
      if (row.budget) {
        log(
          `budget ${scenario.name}: p95 ${row.p95_ms} ms (≤ ${row.budget.p95_ms_max}), ` +
            `${row.ratio_to_floor} of floor req/s (≥ ${row.budget.min_ratio_to_floor}) → ${row.budget.pass ? "PASS" : "MISS"}`,
        );
      }
    }

    const [firstLesson] = await lessonPaths();
    const [learner] = await openBenchSessions({ learner: 1 });
    const firstLoad = await lessonFirstLoad(server.url, firstLesson!, learner!.cookie);
    process.stdout.write(JSON.stringify(firstLoad) + "\n");

    const stepRows: StepResult[] = [];
    for (const step of domains.flatMap((d) => d.steps ?? [])) {
      if (only && !only.has(step.name)) continue;
      log(`${step.name}: timed step`);
      const result = await step.run(server.url);
      stepRows.push(result);
      process.stdout.write(JSON.stringify(result) + "\n");
      if (result.budget) log(`budget ${step.name}: ${result.budget.description} → ${result.budget.pass ? "PASS" : "MISS"}`);
    }

    const file = [...rows, firstLoad, ...stepRows].map((row) => ({ ...row, date, machine, data: { ...data.marker, lesson_progress_rows: learning.progressRows } }));
    fs.writeFileSync(RESULTS_FILE, JSON.stringify(file, null, 2) + "\n");
    log(`wrote ${RESULTS_FILE}`);
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
    log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

await main();
