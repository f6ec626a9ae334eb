// Demo training targets (Quảng Trị's real 2021–2025 plan, an illustrative
// 2026–2030 one, an illustrative Huế one), the simplified Quảng Trị commune
// boundaries, and some training history for the demo roster so the
// dashboard has a shape. Deterministic; runs after the demo roster exists.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { db } from "~/db.server";
import { seededRandom } from "~/lib/vn-names";
import { completeWithCertificate } from "~/models/certificates.server";
import { getPublishedCourse } from "~/models/learning.server";
import { featuresOf, type Geometry } from "~/models/targets-map.server";
import { accounts, adminUnits, courseCompletions, courses, enrolments, lessonProgress, people } from "../../db/schema";
import { trainingTargets, unitBoundaries } from "../../db/tables/targets";

const CORE = "ctxh-co-ban";
const CHILD = "bvte-cong-dong";

function boundariesFile() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(process.cwd(), "app/seed/data/quang-tri-communes.json"), path.resolve(here, "data/quang-tri-communes.json")];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

export async function seedTargets() {
  const provinces = new Map((await db.select().from(adminUnits).where(inArray(adminUnits.code, ["44", "46"]))).map((u) => [u.code, u]));
  const qt = provinces.get("44");
  const hue = provinces.get("46");
  if (!qt || !hue) return;
  const known = (await db.select({ id: courses.id }).from(courses).where(inArray(courses.id, [CORE, CHILD]))).map((c) => c.id);
  const courseIds = known.length ? known : [CORE];
  const positions = ["ctv_ctxh", "nhan_vien_ctxh", "cong_chuc_vhxh"] as ("ctv_ctxh" | "nhan_vien_ctxh" | "cong_chuc_vhxh")[];
  await db.insert(trainingTargets).values([
    // Plan 98/KH-UBND (21/5/2021): at least 50% trained by 2025 (DOMAIN.md, sources/001).
    { provinceId: qt.id, planRef: "Kế hoạch 98/KH-UBND ngày 21/5/2021", percent: 50, startsOn: "2021-05-21", deadline: "2025-12-31", positions, courseIds, expiredCounts: true },
    { provinceId: qt.id, planRef: "Kế hoạch giai đoạn 2026–2030 (dự thảo)", percent: 70, startsOn: "2026-01-01", deadline: "2030-12-31", positions, courseIds, expiredCounts: false, note: "Số liệu minh hoạ cho bản demo, chưa phải chỉ tiêu chính thức." },
    { provinceId: hue.id, planRef: "Kế hoạch đào tạo CTXH giai đoạn 2021–2025 (minh hoạ)", percent: 40, startsOn: "2021-06-01", deadline: "2025-12-31", positions, courseIds, expiredCounts: true, note: "Số liệu minh hoạ: tỉ lệ của Huế trong bản demo không lấy từ văn bản chính thức." },
  ]);

  const file = boundariesFile();
  if (file) {
    const features = featuresOf(JSON.parse(fs.readFileSync(file, "utf8")));
    const units = new Map((await db.select({ id: adminUnits.id, code: adminUnits.code, provinceId: adminUnits.provinceId }).from(adminUnits).where(inArray(adminUnits.code, features.map((f) => f.code)))).map((u) => [u.code, u]));
    const rows = features.flatMap((f) => {
      const u = units.get(f.code);
      return u?.provinceId ? [{ unitId: u.id, provinceId: u.provinceId, geometry: f.geometry as Geometry }] : [];
    });
    if (rows.length) await db.insert(unitBoundaries).values(rows).onConflictDoNothing();
  }

  if (!known.includes(CORE)) return;
  // Training history: people without an account (browser tests drive the
  // account holders' learning themselves) finish the core course in classes
  // over the years; some are part-way through online.
  const rand = seededRandom(20210521);
  const candidates = await db
    .select({ id: people.id, startedOn: people.startedOn })
    .from(people)
    .innerJoin(adminUnits, eq(adminUnits.id, people.communeId))
    .leftJoin(accounts, eq(accounts.personId, people.id))
    .where(and(isNull(accounts.id), inArray(adminUnits.provinceId, [qt.id, hue.id])))
    .orderBy(people.id);
  const published = await getPublishedCourse(CORE);
  const lessons = published ? published.version.tree.modules.flatMap((m) => m.lessons.map((l) => l.id)) : [];
  const completions: (typeof courseCompletions.$inferInsert)[] = [];
  const learning: number[] = [];
  for (const p of candidates) {
    const roll = rand();
    const from = Date.parse((p.startedOn && p.startedOn > "2021-06-01" ? p.startedOn : "2021-06-01") + "T00:00:00Z");
    const to = Date.parse("2026-10-31T00:00:00Z");
    if (roll < 0.45 && to > from) {
      const on = new Date(from + rand() * (to - from)).toISOString().slice(0, 10);
      completions.push({ personId: p.id, courseId: CORE, completedOn: on, source: "class", evidence: "Lớp tập huấn kỹ năng CTXH (dữ liệu mẫu)" });
    } else if (roll < 0.7 && lessons.length) {
      learning.push(p.id);
    }
  }
  // Through the issuing path, oldest first, so every completion has its
  // certificate, numbered in date order and dated the day the class ended.
  // The credentials are signed by the start-up sweep, in the background.
  completions.sort((a, b) => a.completedOn.localeCompare(b.completedOn));
  for (const c of completions) await completeWithCertificate(c, { issuedOn: c.completedOn, deferSigning: true });
  if (learning.length && lessons.length) {
    await db.insert(enrolments).values(learning.map((personId) => ({ personId, courseId: CORE, source: "assigned" }))).onConflictDoNothing();
    const progress = learning.flatMap((personId, i) =>
      lessons.slice(0, 1 + ((personId * 7) % Math.min(lessons.length - 1, 20))).map((lessonId, j) => ({
        personId,
        courseId: CORE,
        lessonId,
        // Most of them active in the last weeks; every fourth one went quiet months ago.
        completedAt: new Date(Date.now() - ((i % 4 === 0 ? 120 : 5) + j) * 86_400_000),
      })),
    );
    await db.insert(lessonProgress).values(progress).onConflictDoNothing();
  }
}
