// Roster: a 10,000-row import for one province, through HTTP as a province
// officer (upload → preview → commit), timed end to end. The imported people
// are removed afterwards so the bench data keeps its size (ensureData checks
// the people count).
import ExcelJS from "exceljs";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { backfillMissingPeriods } from "~/models/roster.server";
import { adminUnits, auditLog, people, roleAssignments } from "../../db/schema";
import { rosterImports, staffPeriods } from "../../db/tables/roster";
import { openBenchSessions } from "../fixtures";
import type { BenchDomain } from "./index";

const ROWS = 10_000;
const BUDGET_S = 10;
const POSITIONS = ["Cộng tác viên CTXH", "Cộng tác viên CTXH", "Nhân viên CTXH", "Công chức Văn hoá – Xã hội", "Khác"];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const GIVEN = ["An", "Bình", "Chi", "Dung", "Hà", "Hương", "Lan", "Mai", "Nam", "Phúc", "Quyên", "Thảo"];

async function buildFile(communes: { code: string; fullName: string }[], idPrefix: string) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Danh sách");
  ws.addRow(["Họ và tên", "Ngày sinh", "Giới tính", "Điện thoại", "Số định danh", "Xã / phường", "Vị trí", "Ngày bắt đầu"]);
  for (let i = 0; i < ROWS; i++) {
    const commune = communes[i % communes.length]!;
    ws.addRow([
      `${FAMILY[i % FAMILY.length]} Thị Nhập ${GIVEN[(i * 7) % GIVEN.length]} ${i}`,
      `${String(1 + (i % 28)).padStart(2, "0")}/${String(1 + (i % 12)).padStart(2, "0")}/${1970 + (i % 35)}`,
      i % 3 ? "Nữ" : "Nam",
      "",
      `${idPrefix}${String(i).padStart(6, "0")}`,
      // Half by code, half by name, as officers do.
      i % 2 ? commune.code : commune.fullName,
      POSITIONS[i % POSITIONS.length],
      "01/07/2025",
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function cleanUp(idPrefix: string) {
  const ids = (await db.select({ id: people.id }).from(people).where(like(people.nationalId, `${idPrefix}%`))).map((p) => p.id);
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    await db.delete(staffPeriods).where(inArray(staffPeriods.personId, chunk));
    await db.delete(auditLog).where(and(eq(auditLog.entityType, "person"), inArray(auditLog.entityId, chunk.map(String))));
    await db.delete(people).where(inArray(people.id, chunk));
  }
  return ids.length;
}

export const roster: BenchDomain = {
  // Generated people have no history rows: give each its period (idempotent).
  async prepare() {
    await backfillMissingPeriods();
  },
  steps: [
    {
      name: "roster-import-10k",
      async run(serverUrl) {
        const [session] = await openBenchSessions({ province_officer: 1 });
        const [role] = await db
          .select({ unitId: roleAssignments.unitId })
          .from(roleAssignments)
          .where(and(eq(roleAssignments.accountId, session!.accountId), eq(roleAssignments.role, "province_officer")));
        const communes = await db
          .select({ code: adminUnits.code, fullName: adminUnits.fullName })
          .from(adminUnits)
          .where(and(eq(adminUnits.provinceId, role!.unitId!), eq(adminUnits.level, "commune"), sql`${adminUnits.mergedIntoId} is null`));
        // "099…" is no birth-province code, so these IDs never meet generated people.
        const idPrefix = `099${String(Date.now() % 1000).padStart(3, "0")}`;
        await cleanUp(idPrefix);
        const file = await buildFile(communes, idPrefix);
        const headers = { Cookie: session!.cookie };

        const started = performance.now();
        const form = new FormData();
        form.set("intent", "preview");
        form.set("file", new Blob([file]), "bench.xlsx");
        const preview = await fetch(`${serverUrl}/roster/import`, { method: "POST", body: form, headers, redirect: "manual" });
        const location = preview.headers.get("location");
        if (preview.status !== 302 || !location) throw new Error(`preview answered ${preview.status}: ${(await preview.text()).slice(0, 500)}`);
        const previewSeconds = (performance.now() - started) / 1000;
        const commit = await fetch(`${serverUrl}${location}`, {
          method: "POST",
          body: new URLSearchParams({ intent: "commit" }),
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
          redirect: "manual",
        });
        if (commit.status !== 302) throw new Error(`commit answered ${commit.status}: ${(await commit.text()).slice(0, 500)}`);
        const seconds = (performance.now() - started) / 1000;

        const imported = await cleanUp(idPrefix);
        await db.delete(rosterImports).where(eq(rosterImports.id, location.split("/").pop()!));
        if (imported !== ROWS) throw new Error(`imported ${imported} people, expected ${ROWS}`);
        return {
          name: "roster-import-10k",
          rows: ROWS,
          communes: communes.length,
          file_bytes: file.byteLength,
          preview_seconds: Number(previewSeconds.toFixed(2)),
          seconds: Number(seconds.toFixed(2)),
          budget: { description: `roster import of ${ROWS.toLocaleString("en")} rows (upload, preview, commit) ${seconds.toFixed(1)} s ≤ ${BUDGET_S} s`, pass: seconds <= BUDGET_S },
        };
      },
    },
  ],
};
