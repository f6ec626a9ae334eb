import fs from "node:fs";

export default function globalSetup() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    throw new Error(`Chromium not found at ${chromium}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  if (!fs.existsSync(`${process.env.BUILD_DIR ?? "build"}/server/index.js`)) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
}
