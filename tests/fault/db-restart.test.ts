// Fault test: the production server (node server.js on the built app) under a
// bounded mixed load while its PostgreSQL restarts twice (`-m fast`, then
// `-m immediate`). The cluster is private (initdb in a temporary directory,
// its own port), never the machine's shared server.
//
// Checks: the process stays alive; responses are 2xx/3xx except during an
// outage, when they are the Vietnamese 503 page; pages are served again within
// 2 s of PostgreSQL being back; every acknowledged write (2xx/3xx) is in the
// database afterwards, and nothing is stored twice.
//
// Needs `npm run build` first; `npm run test:fault` runs it (see package.json).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCluster, findPgBin, type PgCluster } from "./pg-cluster";

const root = path.resolve(import.meta.dirname, "../..");
const buildDir = process.env.BUILD_DIR ?? "build";
const LOAD_MS = Number(process.env.FAULT_LOAD_MS ?? 20_000);
const OUTAGE_MS = 1_500;
const RECOVERY_BUDGET_MS = 2_000;
const PASSWORD = "ctxh-demo-2026";
const LEARNERS = ["0905000004", "0905000007"];
const USERS_PER_LEARNER = 3;
const VI_503 = "Hệ thống tạm thời gián đoạn";

const bin = findPgBin();
if (!bin && process.env.CI) throw new Error("Fault test: initdb/pg_ctl not found (set PG_BIN or install PostgreSQL server binaries).");
if (!bin) console.warn("Fault test skipped: initdb/pg_ctl not found (set PG_BIN or install PostgreSQL server binaries).");
if (!fs.existsSync(path.join(root, buildDir, "server/index.js"))) throw new Error(`Fault test: no build in ${buildDir}/ — run \`npm run build\` first.`);

function freePort() {
  return new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Sample {
  kind: "read" | "lesson" | "quizPage" | "submit";
  start: number;
  end: number;
  status: number; // 0: no HTTP answer (connection error or timeout)
  body?: string;
}

interface Outage {
  mode: "fast" | "immediate";
  down: number; // pg_ctl stop called
  up: number; // pg_ctl start returned (server accepts connections)
}

for (const workers of [1, 2]) {
  describe.skipIf(!bin)(`PostgreSQL restarts under load (WEB_CONCURRENCY=${workers})`, () => {
    let cluster: PgCluster | undefined;
    let server: ChildProcess | undefined;
    let serverExit: { code: number | null; signal: string | null } | undefined;
    let logs = "";
    let base = "";
    let sql: postgres.Sql | undefined;

    beforeAll(async () => {
      cluster = await createCluster(bin!);
      await cluster.start();
      const admin = postgres(cluster.url(), { max: 1, onnotice: () => {} });
      await admin`create database ctxh`;
      await admin.end();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      server = spawn(process.execPath, ["server.js"], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: "production",
          DATABASE_URL: cluster.url("ctxh"),
          WEB_CONCURRENCY: String(workers),
          PORT: String(port),
          HOST: "127.0.0.1",
          SEED_DEMO: "auto",
          COOKIE_SECURE: "false",
          LOG_LEVEL: "warn",
          BUILD_DIR: buildDir,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      server.stdout!.on("data", (d) => (logs += d));
      server.stderr!.on("data", (d) => (logs += d));
      server.on("exit", (code, signal) => (serverExit = { code, signal }));
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (serverExit) throw new Error(`server exited during start-up:\n${logs}`);
        const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`server not ready after 120 s:\n${logs}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      sql = postgres(cluster.url("ctxh"), { max: 2, onnotice: () => {} });
    }, 180_000);

    afterAll(async () => {
      if (server && !serverExit) {
        server.kill("SIGTERM");
        await new Promise((r) => {
          server!.once("exit", r);
          setTimeout(r, 10_000);
        });
        if (!serverExit) server.kill("SIGKILL");
      }
      await sql?.end({ timeout: 1 }).catch(() => {});
      await cluster?.destroy();
    }, 60_000);

    it("stays up, answers 503 during each outage, recovers within 2 s and loses no acknowledged write", async () => {
      const db = sql!;
      // The first self-enrolling course: its lessons and its module quizzes.
      const [course] = await db<{ id: string; versionId: number }[]>`
        select id, current_version_id as "versionId" from courses where status = 'published' and self_enroll order by sort_order, id limit 1`;
      expect(course).toBeDefined();
      // No attempt limit during the load: every submit is a new graded attempt.
      await db`update courses set max_attempts = null where id = ${course!.id}`;
      const [version] = await db<{ tree: { modules: { lessons: { id: string }[]; quizId: string | null }[] } }[]>`
        select tree from course_versions where id = ${course!.versionId}`;
      const lessons = version!.tree.modules.flatMap((m) => m.lessons.map((l) => l.id));
      const quizzes = await db<{ quizId: string; questions: { id: string; options: { id: string }[] }[] }[]>`
        select quiz_id as "quizId", questions from quizzes where version_id = ${course!.versionId}`;
      expect(lessons.length).toBeGreaterThan(0);
      expect(quizzes.length).toBeGreaterThan(0);

      const samples: Sample[] = [];
      const ackedLessons: { login: string; lessonId: string }[] = [];
      const ackedAttempts: { login: string; attemptId: number; nonce: string }[] = [];
      const t0 = Date.now();

      async function request(kind: Sample["kind"], cookie: string, url: string, form?: URLSearchParams) {
        const start = Date.now() - t0;
        try {
          const res = await fetch(base + url, {
            method: form ? "POST" : "GET",
            headers: { cookie, ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
            body: form,
            redirect: "manual",
            signal: AbortSignal.timeout(10_000),
          });
          const body = await res.text();
          const sample: Sample = { kind, start, end: Date.now() - t0, status: res.status, body: res.status >= 400 ? body : undefined };
          samples.push(sample);
          return { res, body };
        } catch (error) {
          samples.push({ kind, start, end: Date.now() - t0, status: 0, body: String(error) });
          return null;
        }
      }

      async function login(identifier: string) {
        const res = await fetch(`${base}/login`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ identifier, password: PASSWORD, redirectTo: "/" }),
          redirect: "manual",
        });
        expect(res.status, `login ${identifier}`).toBe(302);
        return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      }

      const users: { login: string; cookie: string }[] = [];
      for (const learner of LEARNERS) {
        for (let i = 0; i < USERS_PER_LEARNER; i++) users.push({ login: learner, cookie: await login(learner) });
        const enrol = await fetch(`${base}/courses/${course!.id}`, { method: "POST", headers: { cookie: users.at(-1)!.cookie }, redirect: "manual" });
        expect(enrol.status).toBe(302);
      }

      let stop = false;
      async function virtualUser(u: { login: string; cookie: string }, seed: number) {
        let n = seed;
        while (!stop) {
          const lessonId = lessons[n++ % lessons.length]!;
          await request("read", u.cookie, `/courses/${course!.id}/lessons/${lessonId}`);
          const done = await request("lesson", u.cookie, `/courses/${course!.id}/lessons/${lessonId}`, new URLSearchParams());
          if (done && done.res.status >= 200 && done.res.status < 400) ackedLessons.push({ login: u.login, lessonId });
          const quiz = quizzes[n % quizzes.length]!;
          const page = await request("quizPage", u.cookie, `/courses/${course!.id}/quizzes/${quiz.quizId}`);
          const nonce = page?.res.status === 200 ? /name="nonce" value="([^"]+)"/.exec(page.body)?.[1] : undefined;
          if (!nonce) {
            await new Promise((r) => setTimeout(r, 50));
            continue;
          }
          const form = new URLSearchParams({ nonce });
          for (const q of quiz.questions) form.append(`q.${q.id}`, q.options[n % q.options.length]!.id);
          const submitted = await request("submit", u.cookie, `/courses/${course!.id}/quizzes/${quiz.quizId}`, form);
          const location = submitted?.res.headers.get("location") ?? "";
          const attempt = /\/attempts\/(\d+)$/.exec(location);
          if (submitted && submitted.res.status === 302 && attempt) ackedAttempts.push({ login: u.login, attemptId: Number(attempt[1]), nonce });
        }
      }

      const outages: Outage[] = [];
      async function restarts() {
        const at = [0.25, 0.6].map((f) => f * LOAD_MS);
        for (const [i, mode] of (["fast", "immediate"] as const).entries()) {
          await new Promise((r) => setTimeout(r, Math.max(0, t0 + at[i]! - Date.now())));
          const down = Date.now() - t0;
          await cluster!.stop(mode);
          await new Promise((r) => setTimeout(r, OUTAGE_MS));
          await cluster!.start();
          outages.push({ mode, down, up: Date.now() - t0 });
        }
      }

      const load = Promise.all(users.map((u, i) => virtualUser(u, i * 7)));
      await restarts();
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + LOAD_MS - Date.now())));
      stop = true;
      await load;

      const report: string[] = [];
      const fail = (message: string) => report.push(message);

      // 1. The process (every worker) is alive and never restarted.
      if (serverExit) fail(`server exited: ${JSON.stringify(serverExit)}`);
      if (/worker died/.test(logs)) fail("a cluster worker died and was replaced");
      const health = await fetch(`${base}/healthz`).then((r) => r.status, () => 0);
      if (health !== 200) fail(`/healthz answered ${health} after the load`);

      // 2. Errors only during an outage (until 2 s after PostgreSQL is back),
      //    and then only the Vietnamese 503 page.
      const inOutage = (s: Sample) => outages.some((o) => s.end >= o.down && s.start <= o.up + RECOVERY_BUDGET_MS);
      const errors = samples.filter((s) => s.status === 0 || s.status >= 400);
      for (const s of errors) {
        const what = `${s.kind} ${s.start}-${s.end} ms → ${s.status}`;
        if (!inOutage(s)) fail(`error outside an outage: ${what} ${s.body?.slice(0, 200) ?? ""}`);
        else if (s.status !== 503) fail(`not a 503 during an outage: ${what} ${s.body?.slice(0, 300) ?? ""}`);
        else if (!s.body?.includes(VI_503)) fail(`503 without the Vietnamese page: ${what}`);
      }

      // 3. Recovery: from PostgreSQL accepting connections to the first 2xx/3xx
      //    answer to a request sent after that.
      const recovery = outages.map((o) => {
        const first = samples.filter((s) => s.start >= o.up && s.status >= 200 && s.status < 400).sort((a, b) => a.end - b.end)[0];
        return { mode: o.mode, outageMs: o.up - o.down, recoveryMs: first ? first.end - o.up : Infinity, errors: errors.filter((s) => s.end >= o.down && s.start <= o.up + RECOVERY_BUDGET_MS).length };
      });
      for (const r of recovery) if (r.recoveryMs > RECOVERY_BUDGET_MS) fail(`no answer within 2 s after the ${r.mode} restart (${r.recoveryMs} ms)`);
      for (const o of outages) {
        const during = samples.filter((s) => s.start >= o.down + 200 && s.end <= o.up);
        if (!during.some((s) => s.status === 503)) fail(`no 503 seen during the ${o.mode} outage`);
      }

      // 4. Every acknowledged write is stored; nothing is stored twice.
      const people = await db<{ login: string; personId: number }[]>`
        select phone as login, person_id as "personId" from accounts where phone in ${db(LEARNERS)}`;
      const personOf = new Map(people.map((p) => [p.login, p.personId]));
      const progress = await db<{ personId: number; lessonId: string }[]>`
        select person_id as "personId", lesson_id as "lessonId" from lesson_progress where course_id = ${course!.id}`;
      const stored = new Set(progress.map((p) => `${p.personId}/${p.lessonId}`));
      const lostLessons = ackedLessons.filter((a) => !stored.has(`${personOf.get(a.login)}/${a.lessonId}`));
      if (lostLessons.length) fail(`acknowledged lesson completions missing: ${JSON.stringify(lostLessons.slice(0, 5))}`);
      const attempts = await db<{ id: number; nonce: string; personId: number; submitted: boolean }[]>`
        select id, nonce, person_id as "personId", submitted_at is not null as submitted from quiz_attempts where course_id = ${course!.id}`;
      const byId = new Map(attempts.map((a) => [a.id, a]));
      const lostAttempts = ackedAttempts.filter((a) => {
        const row = byId.get(a.attemptId);
        return !row || !row.submitted || row.nonce !== a.nonce || row.personId !== personOf.get(a.login);
      });
      if (lostAttempts.length) fail(`acknowledged quiz submits missing: ${JSON.stringify(lostAttempts.slice(0, 5))}`);
      const dupNonces = await db`select nonce from quiz_attempts group by nonce having count(*) > 1`;
      const dupCompletions = await db`select person_id from course_completions group by person_id, course_id, cycle having count(*) > 1`;
      if (dupNonces.length) fail(`${dupNonces.length} nonces stored twice`);
      if (dupCompletions.length) fail(`${dupCompletions.length} course completions stored twice`);

      const counts = samples.reduce<Record<string, number>>((acc, s) => ((acc[s.status] = (acc[s.status] ?? 0) + 1), acc), {});
      console.info(
        `[fault WEB_CONCURRENCY=${workers}] ${samples.length} requests ${JSON.stringify(counts)}; ` +
          `acknowledged: ${ackedLessons.length} lesson completions, ${ackedAttempts.length} quiz submits; ` +
          recovery.map((r) => `${r.mode}: down ${r.outageMs} ms, served again ${r.recoveryMs} ms after PostgreSQL was back (${r.errors} errors)`).join("; "),
      );
      if (report.length) {
        const file = path.join(os.tmpdir(), `ctxh-fault-server-${workers}.log`);
        fs.writeFileSync(file, logs);
        console.error(`server log: ${file}`);
      }
      expect(report).toEqual([]);
      expect(ackedLessons.length).toBeGreaterThan(0);
      expect(ackedAttempts.length).toBeGreaterThan(0);
    });
  });
}
