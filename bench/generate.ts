// National-scale data for the benchmark: every province and commune of the
// 2025 list, 100,000 people on the roster, 60,000 accounts with roles.
// Generated once; a marker row in app_meta says which scale and version the
// database holds, so later runs skip straight to measuring.
import fs from "node:fs";
import { and, eq, inArray, sql } from "drizzle-orm";
import { hashPassword } from "~/auth/password.server";
import { db } from "~/db.server";
import { randomPerson, seededRandom } from "~/lib/vn-names";
import { CONSENT_NOTICE_VERSION, CONSENT_PURPOSE } from "~/models/accounts.server";
import { importUnits, parseUnitJson } from "~/models/units.server";
import { accounts, adminUnits, appMeta, consents, people, roleAssignments, type Position, type Role } from "../db/schema";
import { bulkInsert } from "./bulk";
import { accountPhone, ACCOUNT_PHONE_PREFIX, BENCH_PASSWORD, DATA_VERSION, MARKER_KEY, SCALE, SEED, UNITS_FILE } from "./config";

const BATCH = 5_000;
/** Share of account holders still waiting for approval (gives the officers' approval counts something to count). */
const PENDING_SHARE = 0.02;
const TRAINERS_PER_PROVINCE = 2;

export interface Marker {
  version: string;
  seed: number;
  provinces: number;
  communes: number;
  people: number;
  accounts: number;
}

export interface DataReport {
  generated: boolean;
  seconds: number;
  marker: Marker;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function expectedMarker(): Marker {
  return { version: DATA_VERSION, seed: SEED, ...SCALE };
}

async function readMarker(): Promise<unknown> {
  const [row] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, MARKER_KEY));
  return row?.value ?? null;
}

/** jsonb does not keep key order, so compare field by field. */
function sameMarker(stored: unknown, marker: Marker) {
  if (!stored || typeof stored !== "object") return false;
  const value = stored as Record<string, unknown>;
  return Object.keys(value).length === Object.keys(marker).length && Object.entries(marker).every(([k, v]) => value[k] === v);
}

async function count(table: typeof people | typeof accounts) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row?.n ?? 0;
}

/** Generates the data unless the database already holds this scale and version (or `force`). */
export async function ensureData({ force }: { force: boolean }): Promise<DataReport> {
  const marker = expectedMarker();
  if (!force) {
    const stored = await readMarker();
    // The counts are checked too: a marker left behind after someone emptied the tables must not fool us.
    if (
      sameMarker(stored, marker) &&
      (await count(people)) === marker.people &&
      (await count(accounts)) === marker.accounts
    ) {
      return { generated: false, seconds: 0, marker };
    }
  }
  const started = performance.now();
  await generate(marker);
  return { generated: true, seconds: (performance.now() - started) / 1000, marker };
}

// --- units -------------------------------------------------------------------

async function importAllUnits() {
  if (!fs.existsSync(UNITS_FILE)) throw new Error(`Administrative units file not found: ${UNITS_FILE}`);
  const parsed = parseUnitJson(fs.readFileSync(UNITS_FILE, "utf8"));
  if (parsed.errors.length) throw new Error(`Units file has errors: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
  const provinces = parsed.units.filter((u) => u.level === "province").length;
  const communeCodes = parsed.units.filter((u) => u.level === "commune").map((u) => u.code);
  if (provinces !== SCALE.provinces || communeCodes.length !== SCALE.communes) {
    throw new Error(`Expected ${SCALE.provinces} provinces and ${SCALE.communes} communes in ${UNITS_FILE}, found ${provinces} and ${communeCodes.length}`);
  }
  const result = await importUnits(parsed.units, [], { id: null, source: "bench" });
  if (!result.ok) throw new Error(`Units import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const communes = await db
    .select({ id: adminUnits.id, code: adminUnits.code, provinceId: adminUnits.provinceId })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "commune"), inArray(adminUnits.code, communeCodes)))
    .orderBy(adminUnits.code);
  const provinceCodes = new Map(
    (await db.select({ id: adminUnits.id, code: adminUnits.code }).from(adminUnits).where(eq(adminUnits.level, "province"))).map((p) => [p.id, p.code]),
  );
  return communes.map((c) => ({ id: c.id, provinceId: c.provinceId!, provinceCode: provinceCodes.get(c.provinceId!) ?? "00" }));
}

type Commune = Awaited<ReturnType<typeof importAllUnits>>[number];

// --- the roster, planned in memory -------------------------------------------

interface PlannedPerson {
  row: typeof people.$inferInsert;
  account: null | { phone: string; status: "active" | "pending"; roles: { role: Role; unitId: number }[] };
}

/** How many people each commune gets: a skewed spread (most have a few dozen, some many more), summing exactly to `total`. */
function peoplePerCommune(communes: number, total: number, rand: () => number) {
  const MIN = 5;
  const weights = Array.from({ length: communes }, () => 0.3 + 3 * rand() ** 4);
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = total - MIN * communes;
  const counts = weights.map((w) => MIN + Math.floor((w / sum) * spare));
  // Hand out what rounding left over, one each, to the heaviest communes first.
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % communes, left--) counts[order[k]![1]]!++;
  return counts;
}

/** A 12-digit citizen ID shaped like the real ones: province, century/gender, year, serial. */
function nationalId(provinceCode: string, birthDate: string, female: boolean, rand: () => number) {
  const year = Number(birthDate.slice(0, 4));
  const centuryGender = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  return `0${provinceCode.padStart(2, "0").slice(-2)}${centuryGender}${birthDate.slice(2, 4)}${String(Math.floor(rand() * 1e6)).padStart(6, "0")}`;
}

function planRoster(communes: Commune[], rand: () => number): PlannedPerson[] {
  const positions: Position[] = ["ctv_ctxh", "ctv_ctxh", "ctv_ctxh", "ctv_ctxh", "nhan_vien_ctxh", "cong_chuc_vhxh", "other"];
  const counts = peoplePerCommune(communes.length, SCALE.people, rand);
  const roster: PlannedPerson[] = [];
  const firstOf: number[] = []; // index in `roster` of each commune's first person

  communes.forEach((commune, c) => {
    firstOf.push(roster.length);
    for (let i = 0; i < counts[c]!; i++) {
      const p = randomPerson(rand);
      roster.push({
        row: {
          ...p,
          phone: p.phone,
          nationalId: rand() < 0.6 ? nationalId(commune.provinceCode, p.birthDate, p.gender === "female", rand) : null,
          communeId: commune.id,
          position: positions[Math.floor(rand() * positions.length)]!,
          status: "active",
          startedOn: `20${String(12 + Math.floor(rand() * 13)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-01`,
        },
        account: null,
      });
    }
  });

  // Officers and trainers first, at fixed places so every commune and province has one.
  const special = new Map<number, { role: Role; unitId: number; position: Position }>();
  communes.forEach((commune, c) => special.set(firstOf[c]!, { role: "commune_officer", unitId: commune.id, position: "cong_chuc_vhxh" }));
  const byProvince = new Map<number, number[]>();
  communes.forEach((commune, c) => byProvince.set(commune.provinceId, [...(byProvince.get(commune.provinceId) ?? []), c]));
  for (const [provinceId, list] of byProvince) {
    // Persons #1, #2, #3 of random communes of the province (every commune has at least 5 people).
    const pickCommune = () => list[Math.floor(rand() * list.length)]!;
    special.set(firstOf[pickCommune()]! + 1, { role: "province_officer", unitId: provinceId, position: "other" });
    for (let t = 0; t < TRAINERS_PER_PROVINCE; t++) {
      special.set(firstOf[pickCommune()]! + 2 + t, { role: "trainer", unitId: provinceId, position: "nhan_vien_ctxh" });
    }
  }

  // The other account holders: a seeded shuffle of everyone else.
  const holders = new Set(special.keys());
  const others = Array.from({ length: roster.length }, (_, i) => i).filter((i) => !holders.has(i));
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [others[i], others[j]] = [others[j]!, others[i]!];
  }
  for (const i of others.slice(0, SCALE.accounts - holders.size)) holders.add(i);

  let accountIndex = 0;
  roster.forEach((person, i) => {
    const row = person.row;
    if (!holders.has(i)) {
      // Roster-only people: some have left, some have no phone; none may share an account's number.
      if (rand() < 0.05) Object.assign(row, { status: "left", leftOn: "2025-12-31" });
      if (rand() < 0.15) row.phone = null;
      else if (row.phone?.startsWith(ACCOUNT_PHONE_PREFIX)) row.phone = "097" + row.phone.slice(3);
      return;
    }
    const phone = accountPhone(++accountIndex);
    row.phone = phone;
    const role = special.get(i);
    if (role) row.position = role.position;
    const pending = !role && rand() < PENDING_SHARE;
    // Everyone active learns at their commune; officers and trainers hold their own role as well.
    const roles = pending ? [] : [{ role: "learner" as Role, unitId: row.communeId }];
    if (role) roles.push({ role: role.role, unitId: role.unitId });
    person.account = { phone, status: pending ? "pending" : "active", roles };
  });
  return roster;
}

// --- writing -------------------------------------------------------------------

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<void>) {
  for (let i = 0; i < rows.length; i += BATCH) await write(rows.slice(i, i + BATCH));
}

async function generate(marker: Marker) {
  let t = performance.now();
  const lap = (what: string) => {
    const now = performance.now();
    log(`  ${what} (${((now - t) / 1000).toFixed(1)} s)`);
    t = now;
  };
  log(`generating ${marker.people.toLocaleString("en")} people and ${marker.accounts.toLocaleString("en")} accounts…`);
  const communes = await importAllUnits();
  lap(`units: ${marker.provinces} provinces, ${communes.length} communes`);

  const rand = seededRandom(SEED);
  const roster = planRoster(communes, rand);
  // One argon2 hash shared by every account: hashing 60,000 passwords one by
  // one (~50 ms each) would take most of an hour, and login cost does not
  // depend on whether hashes differ.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  lap("roster planned, password hashed");

  await db.transaction(async (tx) => {
    await tx.execute(
      sql`truncate table people, accounts, role_assignments, sessions, consents, activation_codes, login_throttle, audit_log restart identity cascade`,
    );
    // The cascade also emptied everything built on people (enrolments,
    // progress, completions, roster history…): those generators must run again.
    await tx.execute(sql`delete from app_meta where key like 'bench.%' and key <> 'bench.generated'`);
    const personIds: number[] = [];
    await inBatches(roster, async (batch) => {
      personIds.push(...(await bulkInsert(tx, people, batch.map((p) => p.row), { returnIds: true })));
    });
    if (personIds.length !== roster.length) throw new Error(`inserted ${personIds.length} people, planned ${roster.length}`);
    lap(`people: ${personIds.length}`);

    const holders = roster.flatMap((p, i) => (p.account ? [{ ...p, account: p.account, personId: personIds[i]! }] : []));
    const now = new Date();
    const accountIds: number[] = [];
    await inBatches(holders, async (batch) => {
      const rows = batch.map((h) => ({
        personId: h.personId,
        displayName: h.row.fullName,
        phone: h.account.phone,
        passwordHash,
        status: h.account.status,
        approvedAt: h.account.status === "active" ? now : null,
        passwordChangedAt: now,
      }));
      accountIds.push(...(await bulkInsert(tx, accounts, rows, { returnIds: true })));
    });
    lap(`accounts: ${accountIds.length}`);

    const roles = holders.flatMap((h, i) => h.account.roles.map((r) => ({ accountId: accountIds[i]!, role: r.role, unitId: r.unitId })));
    await inBatches(roles, (batch) => bulkInsert(tx, roleAssignments, batch).then(() => {}));
    const consentRows = accountIds.map((accountId) => ({ accountId, purpose: CONSENT_PURPOSE, noticeVersion: CONSENT_NOTICE_VERSION }));
    await inBatches(consentRows, (batch) => bulkInsert(tx, consents, batch).then(() => {}));
    lap(`role assignments: ${roles.length}, consents: ${consentRows.length}`);

    await tx
      .insert(appMeta)
      .values({ key: MARKER_KEY, value: marker })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: marker } });
  });
  // Fresh statistics, so the planner sees 100,000 rows and not an empty table.
  await db.execute(sql`analyze`);
  lap("committed and analysed");
}
