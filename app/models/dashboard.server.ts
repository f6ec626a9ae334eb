// Training-target figures, computed from history in SQL so any past date
// reproduces: the roster periods (staff_periods) say who was in scope on a
// date, course completions and their certificates say who was trained.
//
// One computation serves the single date, the monthly trend and the national
// overview: every roster period and every "trained" interval becomes a +1 at
// its start and a −1 at its end, bucketed by the requested dates with
// width_bucket; the figure on a date is the sum of the events on or before
// it. That is one pass over the province's rows whatever the number of dates
// (instead of one query per month). It relies on the roster invariant that a
// person's periods do not overlap (each change closes the open period).
import { sql, type SQL } from "drizzle-orm";
import { db } from "~/db.server";
import { addDays, forecast, missingPeople, type Forecast } from "~/lib/forecast";
import { sortByVietnameseName } from "~/lib/names";
import { getPublishedCourse } from "~/models/learning.server";

export interface TargetSpec {
  id: number;
  provinceId: number;
  positions: string[];
  courseIds: string[];
  expiredCounts: boolean;
}

export interface CommuneFigure {
  communeId: number;
  staff: number;
  trained: number;
}

async function rows<R>(query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as R[] | { rows: R[] };
  return Array.isArray(result) ? result : result.rows;
}

const posArray = (positions: string[]) => sql`${`{${positions.join(",")}}`}::"position"[]`;
const textArray = (values: string[]) => sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, "")}"`).join(",")}}`}::text[]`;
const dateArray = (dates: string[]) => sql`${`{${dates.join(",")}}`}::date[]`;

/**
 * The end (exclusive) of a completion's "trained" interval, given its
 * certificate row `c` (null when the completion has none): a revocation ends
 * it on the day it happened; when expired certificates do not count, so does
 * the day after `valid_until`. Infinity when nothing ends it.
 */
function intervalEnd(expiredCounts: SQL): SQL {
  return sql`coalesce(least(
      case when c.status = 'revoked' then coalesce((c.revoked_at at time zone 'Asia/Ho_Chi_Minh')::date, cc.completed_on) end,
      case when not ${expiredCounts} then c.valid_until + 1 end
    ), 'infinity'::date)`;
}

/**
 * Per target, requested date and commune: people in scope and people trained.
 * `scopePath` narrows to a unit (a commune officer's commune).
 */
export async function figuresOnDates(targets: TargetSpec[], dates: string[], scopePath: string | null = null) {
  const sorted = [...new Set(dates)].sort();
  if (!targets.length || !sorted.length) return [] as { targetId: number; date: string; communeId: number; staff: number; trained: number }[];
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const tgt = sql.join(
    targets.map((t) => sql`(${t.id}::int, ${t.provinceId}::int, ${posArray(t.positions)}, ${textArray(t.courseIds)}, ${t.expiredCounts}::boolean)`),
    sql`, `,
  );
  const scope = scopePath ? sql`and u.path like ${scopePath + "%"}` : sql``;
  const events = await rows<{ tid: number; communeId: number; k: number; staff: number; trained: number }>(sql`
    with tgt(id, province_id, positions, course_ids, expired_counts) as (values ${tgt}),
    periods as (
      select t.id as tid, sp.person_id, sp.commune_id, sp.started_on as s, coalesce(sp.ended_on, 'infinity'::date) as e
      from tgt t
      join admin_units u on u.province_id = t.province_id
      join staff_periods sp on sp.commune_id = u.id
      where sp.position = any(t.positions) and sp.started_on <= ${last}::date
        and (sp.ended_on is null or sp.ended_on > ${first}::date) ${scope}
    ),
    persons as (select distinct tid, person_id from periods),
    -- Completions joined to the people in scope by person (a hash join: one
    -- pass over the completions rather than one index probe per person).
    intervals as (
      select p.tid, cc.person_id, cc.completed_on as f, ${intervalEnd(sql`t.expired_counts`)} as e
      from course_completions cc
      join persons p on p.person_id = cc.person_id
      join tgt t on t.id = p.tid and cc.course_id = any(t.course_ids)
      left join certificates c on c.completion_id = cc.id
      where cc.completed_on <= ${last}::date
    ),
    ordered as (
      select tid, person_id, f, e,
        max(e) over (partition by tid, person_id order by f, e rows between unbounded preceding and 1 preceding) as prev_end
      from intervals where f < e
    ),
    islands as (
      select tid, person_id, f, e,
        sum(case when prev_end is null or f > prev_end then 1 else 0 end) over (partition by tid, person_id order by f, e) as grp
      from ordered
    ),
    merged as (select tid, person_id, min(f) as f, max(e) as e from islands group by tid, person_id, grp),
    ov as (
      select p.tid, p.commune_id, greatest(p.s, m.f) as s, least(p.e, m.e) as e
      from periods p join merged m on m.tid = p.tid and m.person_id = p.person_id
      where greatest(p.s, m.f) < least(p.e, m.e)
    ),
    ev as (
      select tid, commune_id, s as day, 1 as staff, 0 as trained from periods
      union all select tid, commune_id, e, -1, 0 from periods where e <= ${last}::date
      union all select tid, commune_id, s, 0, 1 from ov
      union all select tid, commune_id, e, 0, -1 from ov where e <= ${last}::date
    )
    select tid, commune_id as "communeId", width_bucket(day - 1, ${dateArray(sorted)}) as k,
      sum(staff)::int as staff, sum(trained)::int as trained
    from ev where day <= ${last}::date
    group by 1, 2, 3`);
  // Event in bucket k counts for dates k+1…n (0-based: k…n−1).
  const out = new Map<string, { targetId: number; date: string; communeId: number; staff: number; trained: number }>();
  const byKey = new Map<string, { staff: number[]; trained: number[] }>();
  for (const e of events) {
    const key = `${e.tid}:${e.communeId}`;
    let acc = byKey.get(key);
    if (!acc) byKey.set(key, (acc = { staff: new Array(sorted.length + 1).fill(0), trained: new Array(sorted.length + 1).fill(0) }));
    acc.staff[Number(e.k)]! += Number(e.staff);
    acc.trained[Number(e.k)]! += Number(e.trained);
  }
  for (const [key, acc] of byKey) {
    const [tid, communeId] = key.split(":").map(Number) as [number, number];
    let staff = 0;
    let trained = 0;
    sorted.forEach((date, i) => {
      staff += acc.staff[i]!;
      trained += acc.trained[i]!;
      if (staff || trained) out.set(`${key}:${date}`, { targetId: tid, date, communeId, staff, trained });
    });
  }
  return [...out.values()];
}

/**
 * The same figures for one date, counted directly: people in scope on the
 * date (one row each), and whether a qualifying interval covers it. Cheaper
 * than the event pass when there is a single date (the national overview,
 * the commune table, the exports); a test keeps both in agreement.
 */
export async function figuresOnDate(targets: TargetSpec[], date: string, scopePath: string | null = null) {
  if (!targets.length) return [] as { targetId: number; date: string; communeId: number; staff: number; trained: number }[];
  const tgt = sql.join(
    targets.map((t) => sql`(${t.id}::int, ${t.provinceId}::int, ${posArray(t.positions)}, ${textArray(t.courseIds)}, ${t.expiredCounts}::boolean)`),
    sql`, `,
  );
  const scope = scopePath ? sql`and u.path like ${scopePath + "%"}` : sql``;
  const result = await rows<{ tid: number; communeId: number; staff: number; trained: number }>(sql`
    with tgt(id, province_id, positions, course_ids, expired_counts) as (values ${tgt}),
    inscope as materialized (
      select distinct on (t.id, sp.person_id) t.id as tid, sp.person_id, sp.commune_id
      from tgt t
      join admin_units u on u.province_id = t.province_id
      join staff_periods sp on sp.commune_id = u.id
      where sp.position = any(t.positions) and sp.started_on <= ${date}::date
        and (sp.ended_on is null or sp.ended_on > ${date}::date) ${scope}
      order by t.id, sp.person_id, sp.started_on desc
    ),
    -- Qualifying completions first (materialised), then one hash join with
    -- the people in scope: probing the completions index once per person is
    -- what made the 34-province count slow.
    quals as materialized (
      select cc.person_id, cc.course_id,
        ${intervalEnd(sql`true`)} as e_all,
        ${intervalEnd(sql`false`)} as e_valid
      from course_completions cc
      left join certificates c on c.completion_id = cc.id
      where cc.course_id = any(${textArray([...new Set(targets.flatMap((t) => t.courseIds))])}) and cc.completed_on <= ${date}::date
        ${targets.length === 1 ? sql`and cc.person_id in (select person_id from inscope)` : sql``}
    ),
    trained as (
      select distinct i.tid, i.person_id
      from inscope i
      join tgt t on t.id = i.tid
      join quals q on q.person_id = i.person_id and q.course_id = any(t.course_ids)
      where (case when t.expired_counts then q.e_all else q.e_valid end) > ${date}::date
    )
    select i.tid, i.commune_id as "communeId", count(*)::int as staff, count(tr.person_id)::int as trained
    from inscope i left join trained tr on tr.tid = i.tid and tr.person_id = i.person_id
    group by 1, 2`);
  return result.map((r) => ({ targetId: Number(r.tid), date, communeId: Number(r.communeId), staff: Number(r.staff), trained: Number(r.trained) }));
}

/** Month ends from the target's start up to (not including) `asOf`'s month, then `asOf`. */
export function trendDates(startsOn: string, asOf: string): string[] {
  const dates: string[] = [];
  let y = Number(startsOn.slice(0, 4));
  let m = Number(startsOn.slice(5, 7));
  for (;;) {
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (end >= asOf) break;
    dates.push(end);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  dates.push(asOf);
  return dates;
}

export function percentOf(trained: number, staff: number) {
  return staff ? (trained / staff) * 100 : 0;
}

/** Units (communes) of a province, or the single commune in scope, with whether they have a boundary. */
export async function communesOf(provinceId: number, scopePath: string | null) {
  return rows<{ id: number; code: string; name: string; fullName: string; path: string; mergedIntoId: number | null }>(sql`
    select id, code, name, full_name as "fullName", path, merged_into_id as "mergedIntoId"
    from admin_units
    where province_id = ${provinceId} and level = 'commune' ${scopePath ? sql`and path like ${scopePath + "%"}` : sql``}
    order by code`);
}

/** Latest training activity (a lesson done or a course completed) on or before `asOf`, per commune, by people in scope on that date. */
export async function lastActivity(target: TargetSpec, asOf: string, scopePath: string | null) {
  const scope = scopePath ? sql`and u.path like ${scopePath + "%"}` : sql``;
  const result = await rows<{ communeId: number; last: string | null }>(sql`
    with inscope as (
      select sp.person_id, sp.commune_id
      from admin_units u join staff_periods sp on sp.commune_id = u.id
      where u.province_id = ${target.provinceId} and sp.position = any(${posArray(target.positions)})
        and sp.started_on <= ${asOf}::date and (sp.ended_on is null or sp.ended_on > ${asOf}::date) ${scope}
    )
    select i.commune_id as "communeId", max(greatest(
      (select max((lp.completed_at at time zone 'Asia/Ho_Chi_Minh')::date) from lesson_progress lp
        where lp.person_id = i.person_id and lp.course_id = any(${textArray(target.courseIds)})
          and lp.completed_at < (${asOf}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'),
      (select max(cc.completed_on) from course_completions cc
        where cc.person_id = i.person_id and cc.course_id = any(${textArray(target.courseIds)}) and cc.completed_on <= ${asOf}::date)
    ))::text as last
    from inscope i group by i.commune_id`);
  return new Map(result.map((r) => [Number(r.communeId), r.last]));
}

export interface PersonStatus {
  personId: number;
  fullName: string;
  communeId: number;
  position: string;
  trained: boolean;
  /** Latest qualifying completion on or before the date (even if it no longer counts). */
  completedOn: string | null;
  courseId: string | null;
  /** The certificate that makes it count ran out (or was revoked) by the date. */
  lapsed: boolean;
  /** Best progress over the qualifying courses on the date. */
  progress: { courseId: string; lessonsDone: number; quizzesPassed: number } | null;
}

/** People in scope on the date (a commune, or the whole province), with what counts for them. */
export async function peopleOnDate(target: TargetSpec, asOf: string, scopePath: string | null, communeId: number | null = null): Promise<PersonStatus[]> {
  const scope = scopePath ? sql`and u.path like ${scopePath + "%"}` : sql``;
  const commune = communeId ? sql`and sp.commune_id = ${communeId}` : sql``;
  const courses = textArray(target.courseIds);
  const result = await rows<{
    personId: number;
    fullName: string;
    communeId: number;
    position: string;
    trained: boolean;
    completedOn: string | null;
    courseId: string | null;
  }>(sql`
    with inscope as (
      select distinct on (sp.person_id) sp.person_id, sp.commune_id, sp.position
      from admin_units u join staff_periods sp on sp.commune_id = u.id
      where u.province_id = ${target.provinceId} and sp.position = any(${posArray(target.positions)})
        and sp.started_on <= ${asOf}::date and (sp.ended_on is null or sp.ended_on > ${asOf}::date) ${scope} ${commune}
      order by sp.person_id, sp.started_on desc
    )
    select i.person_id as "personId", p.full_name as "fullName", i.commune_id as "communeId", i.position::text as position,
      exists (
        select 1 from course_completions cc left join certificates c on c.completion_id = cc.id
        where cc.person_id = i.person_id and cc.course_id = any(${courses}) and cc.completed_on <= ${asOf}::date
          and ${intervalEnd(sql`${target.expiredCounts}::boolean`)} > ${asOf}::date
      ) as trained,
      last.completed_on::text as "completedOn", last.course_id as "courseId"
    from inscope i
    join people p on p.id = i.person_id
    left join lateral (
      select cc.completed_on, cc.course_id from course_completions cc
      where cc.person_id = i.person_id and cc.course_id = any(${courses}) and cc.completed_on <= ${asOf}::date
      order by cc.completed_on desc limit 1
    ) last on true`);
  const notTrained = result.filter((r) => !r.trained).map((r) => Number(r.personId));
  const progress = await progressOnDate(notTrained, target.courseIds, asOf);
  return result.map((r) => ({
    personId: Number(r.personId),
    fullName: r.fullName,
    communeId: Number(r.communeId),
    position: r.position,
    trained: r.trained,
    completedOn: r.completedOn,
    courseId: r.courseId,
    lapsed: !r.trained && !!r.completedOn,
    progress: progress.get(Number(r.personId)) ?? null,
  }));
}

/** Lessons done and quizzes passed by the date, per person, in the course where they got furthest. */
async function progressOnDate(personIds: number[], courseIds: string[], asOf: string) {
  const best = new Map<number, { courseId: string; lessonsDone: number; quizzesPassed: number }>();
  if (!personIds.length) return best;
  const until = sql`(${asOf}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;
  const ids = sql`${`{${personIds.join(",")}}`}::int[]`;
  const result = await rows<{ personId: number; courseId: string; lessons: number; quizzes: number }>(sql`
    select person_id as "personId", course_id as "courseId", sum(lessons)::int as lessons, sum(quizzes)::int as quizzes from (
      select person_id, course_id, count(*) as lessons, 0 as quizzes from lesson_progress
      where person_id = any(${ids}) and course_id = any(${textArray(courseIds)}) and completed_at < ${until}
      group by person_id, course_id
      union all
      select person_id, course_id, 0, count(distinct quiz_id) from quiz_attempts
      where person_id = any(${ids}) and course_id = any(${textArray(courseIds)}) and passed and submitted_at < ${until}
      group by person_id, course_id
    ) x group by 1, 2`);
  for (const r of result) {
    const cur = best.get(Number(r.personId));
    const score = Number(r.lessons) + Number(r.quizzes);
    if (!cur || score > cur.lessonsDone + cur.quizzesPassed) best.set(Number(r.personId), { courseId: r.courseId, lessonsDone: Number(r.lessons), quizzesPassed: Number(r.quizzes) });
  }
  return best;
}

/** The date 90 days before, for the forecast's pace. */
export function paceStart(asOf: string) {
  return addDays(asOf, -90);
}

export interface CommuneRow {
  id: number;
  code: string;
  fullName: string;
  staff: number;
  trained: number;
  percent: number;
  /** People still to train for the commune to reach the target on its own. */
  gap: number;
  lastActivity: string | null;
}

export interface ProvinceFigures {
  asOf: string;
  staff: number;
  trained: number;
  percent: number;
  missing: number;
  reached: boolean;
  communes: CommuneRow[];
  trend: { date: string; staff: number; trained: number; percent: number }[];
  forecast: Forecast;
}

/**
 * Everything the province dashboard and the exports show for one date, so
 * both print the same figures. `scopePath` limits it to a commune.
 */
/**
 * Past month ends and last activity change only when history is edited
 * backwards, or by a lesson: they are kept for a few minutes per process.
 * Today's (the asked date's) figures are always computed live.
 */
const SLOW_TTL_MS = 5 * 60_000;
const slowCache = new Map<string, { at: number; value: Promise<unknown> }>();
function cached<V>(key: string, load: () => Promise<V>): Promise<V> {
  const now = Date.now();
  const hit = slowCache.get(key);
  if (hit && now - hit.at < SLOW_TTL_MS) return hit.value as Promise<V>;
  if (slowCache.size > 500) slowCache.clear();
  const value = load();
  slowCache.set(key, { at: now, value });
  value.catch(() => slowCache.delete(key));
  return value;
}

/** Forget cached trends (tests that rewrite history in place). */
export function clearDashboardCache() {
  slowCache.clear();
}

export async function provinceFigures(target: TargetSpec & { percent: number; startsOn: string; deadline: string }, asOf: string, scopePath: string | null, withTrend = true): Promise<ProvinceFigures> {
  const before = paceStart(asOf);
  const key = JSON.stringify([target.provinceId, target.positions, target.courseIds, target.expiredCounts, asOf, scopePath]);
  const monthEnds = withTrend ? trendDates(target.startsOn, asOf).slice(0, -1) : [];
  const [figures, pace, past, units, activity] = await Promise.all([
    figuresOnDate([target], asOf, scopePath),
    // 90 days back is history too: cached with the trend.
    cached(`pace:${key}`, () => figuresOnDate([target], before, scopePath)),
    monthEnds.length ? cached(`trend:${key}:${target.startsOn}`, () => figuresOnDates([target], monthEnds, scopePath)) : Promise.resolve([]),
    communesOf(target.provinceId, scopePath),
    cached(`activity:${key}`, () => lastActivity(target, asOf, scopePath)),
  ]);
  const onDate = new Map(figures.map((f) => [f.communeId, f]));
  const communes: CommuneRow[] = units
    // A merged commune stays listed while people are still recorded in it.
    .filter((u) => !u.mergedIntoId || onDate.has(Number(u.id)))
    .map((u) => {
      const f = onDate.get(Number(u.id));
      const staff = f?.staff ?? 0;
      const trained = f?.trained ?? 0;
      return { id: Number(u.id), code: u.code, fullName: u.fullName, staff, trained, percent: percentOf(trained, staff), gap: missingPeople(target.percent, staff, trained), lastActivity: activity.get(Number(u.id)) ?? null };
    });
  const sum = (list: { staff: number; trained: number }[]) => list.reduce((acc, f) => ({ staff: acc.staff + f.staff, trained: acc.trained + f.trained }), { staff: 0, trained: 0 });
  const now = sum(figures);
  const pastByDate = new Map<string, typeof past>();
  for (const f of past) pastByDate.set(f.date, [...(pastByDate.get(f.date) ?? []), f]);
  const trend = withTrend
    ? [
        ...monthEnds.map((date) => {
          const t = sum(pastByDate.get(date) ?? []);
          return { date, ...t, percent: percentOf(t.trained, t.staff) };
        }),
        { date: asOf, ...now, percent: percentOf(now.trained, now.staff) },
      ]
    : [];
  const missing = missingPeople(target.percent, now.staff, now.trained);
  return {
    asOf,
    staff: now.staff,
    trained: now.trained,
    percent: percentOf(now.trained, now.staff),
    missing,
    reached: now.staff > 0 && missing === 0,
    communes,
    trend,
    forecast: forecast({ asOf, deadline: target.deadline, percent: target.percent, inScope: now.staff, trained: now.trained, trainedBefore: sum(pace).trained }),
  };
}

export interface CourseSize {
  id: string;
  title: string;
  lessons: number;
  quizzes: number;
}

/** Titles and sizes (lessons, quizzes) of the target's courses, in the target's order. */
export async function courseSizes(courseIds: string[]): Promise<CourseSize[]> {
  const out: CourseSize[] = [];
  for (const id of courseIds) {
    const published = await getPublishedCourse(id);
    if (!published) continue;
    const tree = published.version.tree;
    out.push({ id, title: published.course.title, lessons: tree.modules.reduce((n, m) => n + m.lessons.length, 0), quizzes: tree.modules.filter((m) => m.quizId).length });
  }
  return out;
}

export type Need = { kind: "none" } | { kind: "renew" } | { kind: "start"; title: string } | { kind: "finish"; title: string; lessons: number; quizzes: number };

export interface PersonRow extends PersonStatus {
  state: "trained" | "inProgress" | "notStarted" | "lapsed";
  percent: number;
  need: Need;
}

/** People in scope on the date with their state and what each still needs, sorted by given name. */
export async function peopleWithNeeds(target: TargetSpec, asOf: string, scopePath: string | null, communeId: number | null = null): Promise<PersonRow[]> {
  const [list, sizes] = await Promise.all([peopleOnDate(target, asOf, scopePath, communeId), courseSizes(target.courseIds)]);
  const size = new Map(sizes.map((s) => [s.id, s]));
  const rows = list.map((p): PersonRow => {
    if (p.trained) return { ...p, state: "trained", percent: 100, need: { kind: "none" } };
    const s = p.progress ? size.get(p.progress.courseId) : undefined;
    if (p.progress && s) {
      const steps = s.lessons + s.quizzes;
      const done = Math.min(steps, p.progress.lessonsDone + p.progress.quizzesPassed);
      const percent = steps ? Math.floor((done / steps) * 100) : 0;
      return {
        ...p,
        state: p.lapsed ? "lapsed" : "inProgress",
        percent,
        need: { kind: "finish", title: s.title, lessons: Math.max(0, s.lessons - p.progress.lessonsDone), quizzes: Math.max(0, s.quizzes - p.progress.quizzesPassed) },
      };
    }
    if (p.lapsed) return { ...p, state: "lapsed", percent: 0, need: { kind: "renew" } };
    return { ...p, state: "notStarted", percent: 0, need: { kind: "start", title: sizes[0]?.title ?? target.courseIds[0] ?? "" } };
  });
  return sortByVietnameseName(rows, (r) => r.fullName);
}
