// What durable issuing promises, measured on the database: every completion
// has exactly one original certificate, and each body's numbers for a year
// run 1..n without a gap.
import { sql } from "drizzle-orm";
import { db } from "~/db.server";

export async function issuingInvariants() {
  // PGlite answers { rows }, postgres-js an array.
  const rows = async (q: ReturnType<typeof sql>) => {
    const r = (await db.execute(q)) as unknown as Record<string, number>[] | { rows: Record<string, number>[] };
    return Array.isArray(r) ? r : r.rows;
  };
  const [counts] = await rows(sql`select
      (select count(*)::int from course_completions) as completions,
      (select count(*)::int from certificates where kind = 'original') as originals,
      (select count(*)::int from course_completions c where not exists (select 1 from certificates x where x.completion_id = c.id and x.kind = 'original')) as missing,
      (select count(*)::int from certificates where credential is null and status = 'valid') as unsigned`);
  const gaps = await rows(sql`select issuing_body_id as body, year, count(*)::int as n, max(seq)::int as top, min(seq)::int as low
      from certificates group by issuing_body_id, year having count(*) <> max(seq) or min(seq) <> 1`);
  const counters = await rows(sql`select c.issuing_body_id as body, c.year, c.last from certificate_counters c
      where c.last <> (select count(*) from certificates x where x.issuing_body_id = c.issuing_body_id and x.year = c.year)`);
  const c = counts as { completions: number; originals: number; missing: number; unsigned: number };
  return { ...c, gaps: gaps.length, counterMismatch: counters.length };
}
