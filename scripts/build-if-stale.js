// `npm start` builds only when the sources changed since the last build, so a
// restart takes seconds instead of a 30-second Vite build.
//
//   node scripts/build-if-stale.js            build if stale (quiet; `npm start`)
//   node scripts/build-if-stale.js --always   always build (`npm run build`)
//
// The stamp is a SHA-256 of every file the build reads (app/, db/, public/,
// the Vite/Remix/TypeScript config and the locked dependencies), taken
// before building and written into the build directory once it succeeded.
// content/ is not in it: courses are imported at run time, not bundled.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INPUTS = ["app", "db", "public", "vite.config.ts", "remix.config.js", "tsconfig.json", "package.json", "package-lock.json"];

function filesUnder(rel) {
  const abs = path.join(root, rel);
  if (!fs.existsSync(abs)) return [];
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs
    .readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)));
}

export function sourceHash() {
  const hash = createHash("sha256");
  const files = INPUTS.flatMap(filesUnder).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function main() {
  const always = process.argv.includes("--always");
  const buildDir = path.resolve(root, process.env.BUILD_DIR || "build");
  const stampFile = path.join(buildDir, ".source-hash");
  const current = sourceHash();
  const built = fs.existsSync(path.join(buildDir, "server", "index.js")) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : null;
  if (!always && built === current) {
    process.stdout.write("Bản build còn mới, không cần build lại.\n");
    return;
  }
  if (!always) process.stdout.write(built ? "Mã nguồn đã đổi: đang build lại (khoảng 30 giây)…\n" : "Đang build lần đầu (khoảng 30 giây)…\n");
  fs.rmSync(stampFile, { force: true });
  const remix = path.join(root, "node_modules", ".bin", "remix");
  const args = ["vite:build", ...(always ? [] : ["--logLevel", "warn"])];
  const result = spawnSync(remix, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampFile, `${current}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
