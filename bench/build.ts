// Builds the app when the production build is missing or older than its
// sources, so the benchmark always measures the code in the working tree.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./config";

const BUILD_ENTRY = path.join(REPO_ROOT, process.env.BUILD_DIR ?? "build", "server/index.js");
const SOURCES = ["app", "db/schema.ts", "db/tables", "vite.config.ts"];

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

export function buildIsStale(): boolean {
  const built = fs.statSync(BUILD_ENTRY, { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((s) => newestMtime(path.join(REPO_ROOT, s)) > built.mtimeMs);
}

/** Runs `npm run build` if needed. Its output goes to stderr: stdout carries only result lines. */
export async function ensureBuild(force = false): Promise<boolean> {
  if (!force && !buildIsStale()) return false;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: ["ignore", process.stderr, process.stderr] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code})`))));
  });
  return true;
}
