// Authoring: the live preview is the one request that compiles MDX (guard →
// mdx-bundler → HTML) while the author types, so its p95 bounds how "live" the
// editor feels. Each request sends a real built-in lesson (varied slightly so
// nothing is served from a cache).
import fs from "node:fs";
import path from "node:path";
import { openBenchSessions } from "../fixtures";
import type { BenchDomain } from "./index";

function sampleLessons(): string[] {
  const root = path.resolve("content/courses");
  const out: string[] = [];
  for (const course of fs.readdirSync(root)) {
    for (const mod of fs.readdirSync(path.join(root, course), { withFileTypes: true })) {
      if (!mod.isDirectory()) continue;
      for (const f of fs.readdirSync(path.join(root, course, mod.name))) {
        if (/^\d+-.*\.mdx$/.test(f)) out.push(fs.readFileSync(path.join(root, course, mod.name, f), "utf8").replace(/^---[\s\S]*?\n---\n/, ""));
      }
    }
  }
  return out.slice(0, 20);
}

export const authoring: BenchDomain = {
  scenarios: [
    {
      name: "studio-preview",
      method: "POST",
      path: "/studio/preview",
      connections: 2,
      expectStatus: 200,
      budget: { p95MsMax: 1500, minRatioToFloor: 0 },
      async setup() {
        const [session] = await openBenchSessions({ trainer: 1 });
        const lessons = sampleLessons();
        let i = 0;
        return () => {
          const body = `${lessons[i % lessons.length]}\n\nBản nháp ${i++}.\n`;
          return {
            headers: { cookie: session!.cookie, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ body }).toString(),
            mustContain: '"ok":true',
          };
        };
      },
    },
  ],
};
