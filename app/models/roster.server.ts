// The roster history (staff_periods): every write to `people` goes through
// here so that each active person has exactly one open period matching their
// current commune and position, and people who left have none. Training
// targets count "people in scope on a date" from these rows.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { todayInVietnam } from "~/lib/dates";
import { adminUnits, people, type Person } from "../../db/schema";
import { staffPeriods } from "../../db/tables/roster";

export type EndReason = "left" | "moved" | "position" | "corrected";
type PersonState = Pick<Person, "id" | "communeId" | "position" | "status" | "startedOn" | "leftOn">;

/** Opens the first period of a new person (from their start date, else today). */
export async function openFirstPeriod(tx: Db, person: PersonState, createdBy: number | null) {
  if (person.status === "left") {
    const startedOn = person.startedOn ?? person.leftOn ?? todayInVietnam();
    const endedOn = person.leftOn && person.leftOn > startedOn ? person.leftOn : startedOn;
    await tx.insert(staffPeriods).values({ personId: person.id, communeId: person.communeId, position: person.position, startedOn, endedOn, endReason: "left", createdBy });
    return;
  }
  await tx.insert(staffPeriods).values({
    personId: person.id,
    communeId: person.communeId,
    position: person.position,
    startedOn: person.startedOn ?? todayInVietnam(),
    createdBy,
  });
}

async function openPeriodOf(tx: Db, personId: number) {
  const [open] = await tx
    .select()
    .from(staffPeriods)
    .where(and(eq(staffPeriods.personId, personId), isNull(staffPeriods.endedOn)))
    .orderBy(sql`${staffPeriods.startedOn} desc`)
    .limit(1);
  return open ?? null;
}

/**
 * Brings the periods in line after `before` became `after`. `effectiveOn` is
 * the day the change takes effect (a move, a new position, leaving, coming
 * back). A change dated on or before the open period's start replaces that
 * period (it was a correction), so periods never overlap.
 */
export async function syncPeriods(tx: Db, before: PersonState, after: PersonState, effectiveOn: string, createdBy: number | null) {
  const open = await openPeriodOf(tx, after.id);
  const close = async (reason: EndReason) => {
    if (!open) return;
    const endedOn = effectiveOn > open.startedOn ? effectiveOn : open.startedOn;
    await tx
      .update(staffPeriods)
      .set({ endedOn, endReason: effectiveOn > open.startedOn ? reason : "corrected" })
      .where(eq(staffPeriods.id, open.id));
  };
  const openNew = async () => {
    const startedOn = open && open.startedOn > effectiveOn ? open.startedOn : effectiveOn;
    await tx.insert(staffPeriods).values({ personId: after.id, communeId: after.communeId, position: after.position, startedOn, createdBy });
  };

  if (after.status === "left") {
    if (open) await close("left");
    return;
  }
  if (!open) {
    // Coming back after leaving (or a person without history): a new period.
    await openNew();
    return;
  }
  // The person's own start date was corrected while they still have one period.
  if (before.startedOn !== after.startedOn && after.startedOn) {
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(staffPeriods).where(eq(staffPeriods.personId, after.id));
    if (n === 1) {
      await tx.update(staffPeriods).set({ startedOn: after.startedOn }).where(eq(staffPeriods.id, open.id));
      open.startedOn = after.startedOn;
    }
  }
  if (open.communeId === after.communeId && open.position === after.position) return;
  await close(open.communeId !== after.communeId ? "moved" : "position");
  await openNew();
}

/** Periods for people who have none (seeded or generated rows); idempotent. */
export async function backfillMissingPeriods(tx: Db = db) {
  await tx.execute(sql`
    insert into staff_periods (person_id, commune_id, position, started_on, ended_on, end_reason)
    select p.id, p.commune_id, p.position, coalesce(p.started_on, p.created_at::date),
           case when p.status = 'left' then greatest(coalesce(p.left_on, p.updated_at::date), coalesce(p.started_on, p.created_at::date)) end,
           case when p.status = 'left' then 'left' end
    from people p
    where not exists (select 1 from staff_periods s where s.person_id = p.id)
  `);
}

/** A person's periods, oldest first, with the commune's name, for the timeline. */
export async function periodsOf(personId: number) {
  return db
    .select({
      id: staffPeriods.id,
      communeName: adminUnits.fullName,
      position: staffPeriods.position,
      startedOn: staffPeriods.startedOn,
      endedOn: staffPeriods.endedOn,
      endReason: staffPeriods.endReason,
    })
    .from(staffPeriods)
    .innerJoin(adminUnits, eq(staffPeriods.communeId, adminUnits.id))
    .where(eq(staffPeriods.personId, personId))
    .orderBy(asc(staffPeriods.startedOn), asc(staffPeriods.id));
}

/** The open period's start (the earliest date a change can take effect), or null. */
export async function currentPeriodStart(personId: number) {
  const open = await openPeriodOf(db, personId);
  return open?.startedOn ?? null;
}

/**
 * Violations of the invariant, for tests and health checks: active people
 * without exactly one open period matching their commune and position, and
 * people who left with an open period.
 */
export async function periodInvariantViolations(tx: Db = db) {
  const openCount = sql`(select count(*) from staff_periods s where s.person_id = ${people.id} and s.ended_on is null)`;
  const matching = sql`(select count(*) from staff_periods s where s.person_id = ${people.id} and s.ended_on is null and s.commune_id = ${people.communeId} and s.position = ${people.position})`;
  const rows = await tx
    .select({ id: people.id })
    .from(people)
    .where(sql`(${people.status} = 'active' and (${openCount} <> 1 or ${matching} <> 1)) or (${people.status} = 'left' and ${openCount} > 0)`)
    .orderBy(people.id);
  return rows.map((r) => r.id);
}

