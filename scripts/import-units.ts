// npm run units:import -- <file.csv|file.xlsx|file.json>
import fs from "node:fs";
import path from "node:path";
import { closeDatabase } from "~/db.server";
import { importUnits, readUnitFile } from "~/models/units.server";
import { connectForScript } from "./connect";

const file = process.argv[2];
if (!file) {
  console.error("Cách dùng: npm run units:import -- <tệp .csv | .xlsx | .json>");
  process.exit(2);
}
await connectForScript();
try {
  const parsed = await readUnitFile(path.basename(file), new Uint8Array(fs.readFileSync(file)));
  const result = await importUnits(parsed.units, parsed.errors, { id: null, source: path.basename(file) });
  if (!result.ok) {
    console.error(`Không nhập được: ${result.errors.length} lỗi. Chưa có thay đổi nào được lưu.`);
    for (const e of result.errors.slice(0, 50)) console.error(`  dòng ${e.line ?? "-"} · ${e.field ?? "-"}: ${e.message}`);
    process.exitCode = 1;
  } else {
    const s = result.summary;
    console.log(`Đã nhập xong: ${s.created} đơn vị mới, ${s.updated} cập nhật, ${s.unchanged} không đổi.`);
  }
} finally {
  await closeDatabase();
}
