// Roster history for the demo: every seeded person gets staff periods, some
// with an earlier position or commune, plus people who left in past years, so
// the training-target history charts have a shape. Deterministic.
import { eq, notExists, sql } from "drizzle-orm";
import type { Db } from "~/db.server";
import { randomPerson, seededRandom } from "~/lib/vn-names";
import { adminUnits, people, type Position } from "../../db/schema";
import { staffPeriods } from "../../db/tables/roster";

const TODAY_FLOOR = "2026-01-01";

function addYears(iso: string, years: number, months = 0) {
  const d = new Date(iso + "T00:00:00Z");
  d.setUTCMonth(d.getUTCMonth() + years * 12 + months);
  return d.toISOString().slice(0, 10);
}

/** Called once from the demo seed, inside its transaction, after people are inserted. */
export async function seedRosterHistory(tx: Db) {
  const rand = seededRandom(20260105);
  const persons = await tx
    .select({
      id: people.id,
      communeId: people.communeId,
      provinceId: adminUnits.provinceId,
      position: people.position,
      status: people.status,
      startedOn: people.startedOn,
      leftOn: people.leftOn,
      createdAt: people.createdAt,
    })
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(notExists(tx.select({ one: sql`1` }).from(staffPeriods).where(eq(staffPeriods.personId, people.id))))
    .orderBy(people.id);

  // Communes of the same province that have people, for earlier postings.
  const communesByProvince = new Map<number, number[]>();
  for (const p of persons) {
    const list = communesByProvince.get(p.provinceId!) ?? [];
    if (!list.includes(p.communeId)) list.push(p.communeId);
    communesByProvince.set(p.provinceId!, list);
  }

  type Row = typeof staffPeriods.$inferInsert;
  const rows: Row[] = [];
  for (const p of persons) {
    const start = p.startedOn ?? p.createdAt.toISOString().slice(0, 10);
    const end = p.status === "left" ? (p.leftOn && p.leftOn > start ? p.leftOn : start) : null;
    const roll = rand();
    // Changes only for people with a few years behind them, dated before the current period ends.
    const changeOn = addYears(start, 1 + Math.floor(rand() * 3), Math.floor(rand() * 12));
    const roomForChange = changeOn < (end ?? TODAY_FLOOR);
    const others = (communesByProvince.get(p.provinceId!) ?? []).filter((c) => c !== p.communeId);
    if (roomForChange && roll < 0.2 && p.position !== "ctv_ctxh") {
      // Started as a collaborator, later took the current post.
      rows.push({ personId: p.id, communeId: p.communeId, position: "ctv_ctxh", startedOn: start, endedOn: changeOn, endReason: "position" });
      rows.push({ personId: p.id, communeId: p.communeId, position: p.position, startedOn: changeOn, endedOn: end, endReason: end ? "left" : null });
    } else if (roomForChange && roll < 0.32 && others.length) {
      // Worked in another commune of the province first.
      const from = others[Math.floor(rand() * others.length)]!;
      rows.push({ personId: p.id, communeId: from, position: p.position, startedOn: start, endedOn: changeOn, endReason: "moved" });
      rows.push({ personId: p.id, communeId: p.communeId, position: p.position, startedOn: changeOn, endedOn: end, endReason: end ? "left" : null });
    } else {
      rows.push({ personId: p.id, communeId: p.communeId, position: p.position, startedOn: start, endedOn: end, endReason: end ? "left" : null });
    }
  }

  // People who worked in the demo communes and left before 2025.
  const leavers: (typeof people.$inferInsert)[] = [];
  const positions: Position[] = ["ctv_ctxh", "ctv_ctxh", "ctv_ctxh", "nhan_vien_ctxh", "cong_chuc_vhxh"];
  for (const communes of communesByProvince.values()) {
    for (const communeId of communes) {
      const n = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < n; i++) {
        const person = randomPerson(rand);
        const startedOn = `20${String(15 + Math.floor(rand() * 6))}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-01`;
        const leftOn = addYears(startedOn, 1 + Math.floor(rand() * 4), Math.floor(rand() * 12));
        leavers.push({
          ...person,
          phone: null,
          communeId,
          position: positions[Math.floor(rand() * positions.length)]!,
          status: "left",
          startedOn,
          leftOn: leftOn < "2025-01-01" ? leftOn : "2024-12-01",
        });
      }
    }
  }
  if (leavers.length) {
    const inserted = await tx.insert(people).values(leavers).returning();
    for (const p of inserted) {
      rows.push({ personId: p.id, communeId: p.communeId, position: p.position, startedOn: p.startedOn!, endedOn: p.leftOn!, endReason: "left" });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(staffPeriods).values(rows.slice(i, i + 1000));
  return { periods: rows.length, leavers: leavers.length };
}

