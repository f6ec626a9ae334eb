// The scenarios, run in this order against the production build. Add new ones
// here: a scenario names its route, its concurrency, the status every
// response must have, and (optionally) a setup that prepares fixtures and
// returns what varies per request (cookie, form body).
import { BENCH_PASSWORD } from "./config";
import { loginPhones, openBenchSessions } from "./fixtures";
import { lessonPaths, openQuizAttempts } from "./learning";
import { domains } from "./domains";

export interface RequestSpec {
  /** Overrides the scenario's path for this request. */
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Checked in the preflight only: text the response body must contain. */
  mustContain?: string;
}

export interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  connections: number;
  /** Any other status counts as an error. */
  expectStatus: number;
  /** The framework floor: every other scenario is also reported as a ratio to it. */
  floor?: boolean;
  /** Requests sent one by one, and checked, before the warm-up (default 3). */
  preflight?: number;
  budget?: { p95MsMax: number; minRatioToFloor: number };
  /** Prepares fixtures; the function it returns is called once per request. */
  setup?: () => Promise<() => RequestSpec>;
}

/** Cycles through a list, one item per call. */
function rotate<T>(items: T[]): () => T {
  if (!items.length) throw new Error("nothing to rotate through");
  let i = 0;
  return () => items[i++ % items.length]!;
}

export const scenarios: Scenario[] = [
  {
    // A trivial JSON route in the same build: Express + Remix with no database work.
    name: "floor",
    method: "GET",
    path: "/healthz",
    connections: 50,
    expectStatus: 200,
    floor: true,
  },
  {
    name: "login-page",
    method: "GET",
    path: "/login",
    connections: 50,
    expectStatus: 200,
  },
  {
    // Bound by argon2 verification (19 MiB, 2 passes per login), so fewer
    // connections. Each request logs in a different account with the right
    // password: the throttle counts failures only, so it never triggers.
    name: "login-post",
    method: "POST",
    path: "/login",
    connections: 8,
    expectStatus: 302,
    setup: async () => {
      const next = rotate(await loginPhones(5_000));
      const password = encodeURIComponent(BENCH_PASSWORD);
      return () => ({
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `identifier=${next()}&password=${password}`,
      });
    },
  },
  {
    // Signed in as 200 different accounts. Province and commune officers get
    // the heaviest home page (people in scope, pending approvals).
    name: "home-authenticated",
    method: "GET",
    path: "/",
    connections: 50,
    expectStatus: 200,
    preflight: 200,
    budget: { p95MsMax: 50, minRatioToFloor: 0.7 },
    setup: async () => {
      const sessions = await openBenchSessions({ province_officer: 34, commune_officer: 100, trainer: 16, learner: 50 });
      const next = rotate(sessions);
      return () => {
        const s = next();
        return { headers: { cookie: s.cookie }, mustContain: s.displayName };
      };
    },
  },
  {
    // A lesson page as 200 different learners, rotating through the 33 lessons
    // of the core course (everyone is enrolled; ~2 million progress rows).
    name: "lesson-page",
    method: "GET",
    path: "/courses/ctxh-co-ban/lessons/ctxh-co-ban-m01-l01",
    connections: 50,
    expectStatus: 200,
    preflight: 50,
    budget: { p95MsMax: 50, minRatioToFloor: 0.7 },
    setup: async () => {
      const sessions = rotate(await openBenchSessions({ learner: 200 }));
      const paths = rotate(await lessonPaths());
      return () => ({ path: paths(), headers: { cookie: sessions().cookie }, mustContain: "<article" });
    },
  },
  {
    // Quiz submissions, each with its own open attempt (a fresh nonce), all
    // answers right: graded, stored once, redirected to the result (302).
    name: "quiz-submit",
    method: "POST",
    path: "/courses/bvte-cong-dong/quizzes/bvte-cong-dong-m01-quiz",
    connections: 20,
    expectStatus: 302,
    preflight: 10,
    budget: { p95MsMax: 100, minRatioToFloor: 0 },
    setup: async () => {
      // One open attempt per learner (decision 012): 5,000 learners cover a
      // 10 s run at 20 connections with fresh nonces.
      const sessions = await openBenchSessions({ learner: 5_000 });
      const byAccount = new Map(sessions.map((s) => [s.personId, s.cookie]));
      const { path, bodies } = await openQuizAttempts([...byAccount.keys()]);
      const next = rotate(bodies);
      return () => {
        const b = next();
        return { path, headers: { cookie: byAccount.get(b.personId)!, "content-type": "application/x-www-form-urlencoded" }, body: b.body };
      };
    },
  },
  ...domains.flatMap((d) => d.scenarios ?? []),
];
