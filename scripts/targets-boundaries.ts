// Builds app/seed/data/quang-tri-communes.json (the demo map, committed) from
// the official commune GeoJSON files, with the same simplification as the
// import page: `npx tsx scripts/targets-boundaries.ts ../shared/data/geojson-quang-tri/wards`.
import fs from "node:fs";
import path from "node:path";
import { featuresOf, simplifyGeometry } from "~/models/targets-map.server";

const dir = process.argv[2] ?? "../shared/data/geojson-quang-tri/wards";
const out = process.argv[3] ?? "app/seed/data/quang-tri-communes.json";
const features = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".geojson") || f.endsWith(".json"))
  .sort()
  .flatMap((f) => featuresOf(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))));
const collection = {
  type: "FeatureCollection",
  features: features.map((f) => ({ type: "Feature", properties: { code: f.code }, geometry: simplifyGeometry(f.geometry) })),
};
fs.writeFileSync(out, JSON.stringify(collection));
process.stdout.write(`${features.length} communes → ${out} (${fs.statSync(out).size} bytes)\n`);
