// Roster import for a province (docs/decisions/007-roster-import.md):
// read → validate rows → stage (roster_imports) → preview with counts, errors
// and ambiguous matches → commit all-or-nothing, re-planned inside the
// transaction so nothing decided at preview time can be stale or forged.
import { randomBytes } from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { can, scopesFor, type Grantee } from "~/auth/permissions.server";
import type { MessageKey, T } from "~/i18n";
import type { PersonInput } from "./people.server";
import { vi } from "~/i18n/vi";
import { formatDate, parseDate, todayInVietnam } from "~/lib/dates";
import { normalizeName } from "~/lib/names";
import { maskNationalId, normalizeNationalId } from "~/lib/national-id";
import { maskPhone, normalizePhone } from "~/lib/phone";
import { headerKey, MAX_IMPORT_BYTES, readTable, TableReadError, type Table } from "~/lib/tabular.server";
import { adminUnits, people, type Person } from "../../db/schema";
import { rosterImports, staffPeriods } from "../../db/tables/roster";
import { audit } from "./audit.server";
import { syncPeriods } from "./roster.server";

export const MAX_IMPORT_ROWS = 20_000;
const STAGE_HOURS = 24;

export type Column = "fullName" | "birthDate" | "gender" | "phone" | "nationalId" | "commune" | "position" | "startedOn";
export const COLUMNS: Column[] = ["fullName", "birthDate", "gender", "phone", "nationalId", "commune", "position", "startedOn"];
const REQUIRED: Column[] = ["fullName", "commune", "position"];

/** Vietnamese headers of the template, in order (also the labels used in errors). */
export const HEADERS: Record<Column, string> = {
  fullName: "Họ và tên",
  birthDate: "Ngày sinh",
  gender: "Giới tính",
  phone: "Điện thoại",
  nationalId: "Số định danh",
  commune: "Xã / phường",
  position: "Vị trí",
  startedOn: "Ngày bắt đầu",
};

// Accepted header spellings, compared after headerKey() (no accents, lower case).
const ALIASES: Record<Column, string[]> = {
  fullName: ["ho va ten", "ho ten", "ten", "full name", "name"],
  birthDate: ["ngay sinh", "ngay thang nam sinh", "birth date", "date of birth"],
  gender: ["gioi tinh", "gender", "sex"],
  phone: ["dien thoai", "so dien thoai", "sdt", "phone"],
  nationalId: ["so dinh danh", "so dinh danh ca nhan", "cccd", "so cccd", "national id"],
  commune: ["xa phuong", "xa phuong dac khu", "xa", "ma xa", "don vi", "commune"],
  position: ["vi tri", "chuc danh", "vi tri cong tac", "position"],
  startedOn: ["ngay bat dau", "ngay bat dau lam viec", "started on", "start date"],
};

const GENDERS: Record<string, Person["gender"]> = { nam: "male", male: "male", nu: "female", female: "female", khac: "other", other: "other" };

const POSITION_ALIASES: Record<Person["position"], string[]> = {
  ctv_ctxh: ["ctv", "ctv ctxh", "cong tac vien", "cong tac vien ctxh", "cong tac vien cong tac xa hoi", "ctv_ctxh", "social work collaborator"],
  cong_chuc_vhxh: ["cong chuc vhxh", "cong chuc van hoa xa hoi", "cong chuc van hoa", "cong_chuc_vhxh"],
  nhan_vien_ctxh: ["nhan vien ctxh", "nhan vien cong tac xa hoi", "nv ctxh", "nhan_vien_ctxh", "social worker"],
  other: ["khac", "other"],
};
function positionFor(text: string): Person["position"] | null {
  const key = headerKey(text);
  for (const [pos, aliases] of Object.entries(POSITION_ALIASES) as [Person["position"], string[]][]) {
    if (aliases.includes(key) || headerKey(vi[`position.${pos}` as MessageKey]) === key) return pos;
  }
  return null;
}

/** A valid row of the file: the person as the form would take them, and where it came from. */
export interface ImportRow extends PersonInput {
  line: number;
}

export interface ImportError {
  line: number | null;
  column: string | null;
  message: string;
}

interface Commune {
  id: number;
  code: string;
  name: string;
  fullName: string;
  kind: string;
  mergedIntoId: number | null;
}

// --- commune names ------------------------------------------------------------

const PREFIXES = ["xã", "phường", "đặc khu", "thị trấn"];
/** "  PHƯỜNG  Đông Hà" → { kind: "phường", name: "đông hà" } (NFC, lower case, single spaces). */
function communeKey(text: string) {
  const s = text.normalize("NFC").toLocaleLowerCase("vi").replace(/\s+/g, " ").trim();
  for (const p of PREFIXES) if (s.startsWith(p + " ")) return { kind: p, name: s.slice(p.length + 1).trim() };
  return { kind: null, name: s };
}

function communeResolver(communes: Commune[]) {
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const byName = new Map<string, Commune[]>();
  for (const c of communes) {
    const key = communeKey(c.name).name;
    byName.set(key, [...(byName.get(key) ?? []), c]);
  }
  return (text: string): { ok: true; commune: Commune } | { ok: false; reason: "unknown" | "ambiguous" | "merged"; list?: string } => {
    const code = text.replace(/\s+/g, "");
    const byCodeHit = /^\d+$/.test(code) ? byCode.get(code) ?? byCode.get(code.padStart(5, "0")) : undefined;
    let hits = byCodeHit ? [byCodeHit] : [];
    if (!hits.length) {
      const key = communeKey(text);
      hits = byName.get(key.name) ?? [];
      if (hits.length > 1 && key.kind) hits = hits.filter((c) => c.kind.toLocaleLowerCase("vi") === key.kind);
      // Prefer units that are still current when a merged one shares the name.
      if (hits.length > 1) {
        const current = hits.filter((c) => !c.mergedIntoId);
        if (current.length) hits = current;
      }
    }
    if (!hits.length) return { ok: false, reason: "unknown" };
    if (hits.length > 1) return { ok: false, reason: "ambiguous", list: hits.map((c) => `${c.code} ${c.fullName}`).join("; ") };
    if (hits[0]!.mergedIntoId) return { ok: false, reason: "merged" };
    return { ok: true, commune: hits[0]! };
  };
}

// --- reading and validating -----------------------------------------------------

export interface ParsedFile {
  rows: ImportRow[];
  errors: ImportError[];
}

export async function communesOfProvince(provinceId: number, tx: Db = db): Promise<Commune[]> {
  return tx
    .select({ id: adminUnits.id, code: adminUnits.code, name: adminUnits.name, fullName: adminUnits.fullName, kind: adminUnits.kind, mergedIntoId: adminUnits.mergedIntoId })
    .from(adminUnits)
    .where(and(eq(adminUnits.provinceId, provinceId), eq(adminUnits.level, "commune")));
}

/** Validates every cell; rows with any error are left out of `rows` and named in `errors`. */
export function parseRosterTable(table: Table, communes: Commune[], provinceName: string, t: T): ParsedFile {
  const errors: ImportError[] = [];
  const keys = table.header.map(headerKey);
  const index = {} as Record<Column, number>;
  for (const column of COLUMNS) {
    index[column] = keys.findIndex((k) => ALIASES[column].includes(k));
    if (index[column] < 0 && REQUIRED.includes(column)) {
      errors.push({ line: 1, column: HEADERS[column], message: t("roster.err.missingColumn", { column: HEADERS[column] }) });
    }
  }
  if (errors.length) return { rows: [], errors };
  if (!table.rows.length) return { rows: [], errors: [{ line: null, column: null, message: t("roster.err.empty") }] };
  if (table.rows.length > MAX_IMPORT_ROWS) return { rows: [], errors: [{ line: null, column: null, message: t("roster.err.tooMany", { max: MAX_IMPORT_ROWS }) }] };

  const resolve = communeResolver(communes);
  const today = todayInVietnam();
  const rows: ImportRow[] = [];
  for (const bad of table.controlCells.filter((c) => c.line === 1)) errors.push({ line: 1, column: bad.column, message: t("roster.err.control", { char: bad.char }) });
  const controlByLine = new Map<number, Table["controlCells"]>();
  for (const c of table.controlCells) controlByLine.set(c.line, [...(controlByLine.get(c.line) ?? []), c]);
  for (const { line, cells } of table.rows) {
    const cell = (c: Column) => (index[c] >= 0 ? (cells[index[c]] ?? "").trim() : "");
    const rowErrors: ImportError[] = [];
    const fail = (c: Column, key: MessageKey, params?: Record<string, string | number>) =>
      rowErrors.push({ line, column: HEADERS[c], message: t(key, params) });
    // A damaged cell refuses its row, naming the column as written in the file.
    for (const bad of controlByLine.get(line) ?? []) rowErrors.push({ line, column: bad.column, message: t("roster.err.control", { char: bad.char }) });

    // Text that looks like a formula is kept as typed: it is data, never evaluated.
    const fullName = normalizeName(cell("fullName"));
    if (!fullName) fail("fullName", "roster.err.required", { column: HEADERS.fullName.toLowerCase() });
    else if (fullName.length > 120) fail("fullName", "roster.err.tooLong", { max: 120 });

    const date = (c: Column) => {
      const raw = cell(c);
      if (!raw) return null;
      const iso = parseDate(raw);
      if (!iso) fail(c, "roster.err.date", { value: raw });
      else if (iso > today) fail(c, "roster.err.future");
      else if (iso < "1900-01-01") fail(c, "roster.err.tooOld");
      return iso;
    };
    const birthDate = date("birthDate");
    const startedOn = date("startedOn");

    const genderText = cell("gender");
    const gender = genderText ? (GENDERS[headerKey(genderText)] ?? null) : null;
    if (genderText && !gender) fail("gender", "roster.err.gender", { value: genderText });

    const phoneText = cell("phone");
    const phone = phoneText ? normalizePhone(phoneText) : null;
    if (phoneText && !phone) fail("phone", "roster.err.phone", { value: phoneText });

    const idText = cell("nationalId");
    const nationalId = idText ? normalizeNationalId(idText) : null;
    if (idText && !nationalId) fail("nationalId", "roster.err.nationalId", { value: idText });

    const communeText = cell("commune");
    let communeId = 0;
    if (!communeText) fail("commune", "roster.err.required", { column: HEADERS.commune.toLowerCase() });
    else {
      const hit = resolve(communeText);
      if (hit.ok) communeId = hit.commune.id;
      else if (hit.reason === "ambiguous") fail("commune", "roster.err.communeAmbiguous", { value: communeText, province: provinceName, list: hit.list! });
      else if (hit.reason === "merged") fail("commune", "roster.err.communeMerged", { value: communeText });
      else fail("commune", "roster.err.communeUnknown", { value: communeText, province: provinceName });
    }

    const positionText = cell("position");
    const position = positionText ? positionFor(positionText) : null;
    if (!positionText) fail("position", "roster.err.required", { column: HEADERS.position.toLowerCase() });
    else if (!position) {
      const list = (["ctv_ctxh", "cong_chuc_vhxh", "nhan_vien_ctxh", "other"] as const).map((p) => vi[`position.${p}`]).join(", ");
      fail("position", "roster.err.position", { value: positionText, list });
    }

    if (rowErrors.length) errors.push(...rowErrors);
    else rows.push({ line, fullName, birthDate, gender, phone, nationalId, communeId, position: position!, startedOn });
  }
  return { rows, errors };
}

export async function readRosterFile(fileName: string, data: Uint8Array, communes: Commune[], provinceName: string, t: T): Promise<ParsedFile> {
  const lower = fileName.toLowerCase();
  if (!lower.endsWith(".xlsx") && !lower.endsWith(".csv")) return { rows: [], errors: [{ line: null, column: null, message: t("roster.import.badFile") }] };
  if (data.byteLength > MAX_IMPORT_BYTES) return { rows: [], errors: [{ line: null, column: null, message: t("roster.import.tooBig") }] };
  try {
    return parseRosterTable(await readTable(fileName, data), communes, provinceName, t);
  } catch (error) {
    if (error instanceof TableReadError) return { rows: [], errors: [{ line: null, column: null, message: error.message }] };
    throw error;
  }
}

// --- matching and planning ------------------------------------------------------

interface Existing {
  id: number;
  fullName: string;
  birthDate: string | null;
  gender: Person["gender"];
  phone: string | null;
  nationalId: string | null;
  communeId: number;
  position: Person["position"];
  status: Person["status"];
  startedOn: string | null;
  leftOn: string | null;
  periodStart: string | null;
}

const nameKey = (fullName: string, birthDate: string | null, communeId: number) =>
  `${normalizeName(fullName).toLocaleLowerCase("vi")}|${birthDate ?? ""}|${communeId}`;

export interface Candidate {
  id: number;
  label: string;
}
export interface AmbiguousRow {
  line: number;
  fullName: string;
  reason: string;
  candidates: Candidate[];
  decision: number | "new" | null;
}
export interface UpdateRow {
  line: number;
  fullName: string;
  changes: string;
}
export interface Plan {
  counts: { create: number; update: number; unchanged: number; errorRows: number; ambiguous: number };
  errors: ImportError[];
  ambiguous: AmbiguousRow[];
  updates: UpdateRow[];
}
export type Decisions = Record<string, number | "new">;

type Outcome =
  | { kind: "create"; row: ImportRow }
  | { kind: "update"; row: ImportRow; person: Existing; effectiveOn: string; next: Existing }
  | { kind: "unchanged"; row: ImportRow; person: Existing };

async function loadProvincePeople(provinceId: number, tx: Db, lock: boolean): Promise<Existing[]> {
  // A plain join on the open period (at most one per person by the invariant)
  // rather than a correlated subquery, which degrades to a scan per person
  // on freshly loaded tables.
  const query = tx
    .select({
      id: people.id,
      fullName: people.fullName,
      birthDate: people.birthDate,
      gender: people.gender,
      phone: people.phone,
      nationalId: people.nationalId,
      communeId: people.communeId,
      position: people.position,
      status: people.status,
      startedOn: people.startedOn,
      leftOn: people.leftOn,
      periodStart: staffPeriods.startedOn,
    })
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .leftJoin(staffPeriods, and(eq(staffPeriods.personId, people.id), isNull(staffPeriods.endedOn)))
    .where(eq(adminUnits.provinceId, provinceId));
  // At commit, the province's people are locked until the transaction ends, so
  // an edit on a person page cannot slip in between the re-plan and the writes.
  const rows = lock ? await query.for("update", { of: people }) : await query;
  const byId = new Map<number, Existing>();
  for (const r of rows) {
    const seen = byId.get(r.id);
    if (!seen || (r.periodStart && (!seen.periodStart || r.periodStart > seen.periodStart))) byId.set(r.id, r);
  }
  return [...byId.values()];
}

function index<K>(list: Existing[], key: (p: Existing) => K | null) {
  const map = new Map<K, Existing[]>();
  for (const p of list) {
    const k = key(p);
    if (k == null) continue;
    const list = map.get(k);
    if (list) list.push(p);
    else map.set(k, [p]);
  }
  return map;
}

/** Matches and validates the staged rows against the database; writes nothing. */
export async function planImport(
  staged: ParsedFile,
  provinceId: number,
  decisions: Decisions,
  t: T,
  tx: Db = db,
  lock = false,
): Promise<{ plan: Plan; outcomes: Outcome[] }> {
  const errors = [...staged.errors];
  const errorLines = new Set(staged.errors.filter((e) => e.line && e.line > 1).map((e) => e.line));
  const existing = await loadProvincePeople(provinceId, tx, lock);
  const byId = index(existing, (p) => p.nationalId);
  const byPhone = index(existing, (p) => p.phone);
  const byName = index(existing, (p) => nameKey(p.fullName, p.birthDate, p.communeId));
  const communes = new Map((await communesOfProvince(provinceId, tx)).map((c) => [c.id, c]));
  const today = todayInVietnam();

  const label = (p: Existing) =>
    t("roster.import.candidate", {
      name: p.fullName,
      birthDate: formatDate(p.birthDate) || "—",
      commune: communes.get(p.communeId)?.fullName ?? "—",
      phone: maskPhone(p.phone) || "—",
      nationalId: maskNationalId(p.nationalId) || "—",
    });

  const ambiguous: AmbiguousRow[] = [];
  const outcomes: Outcome[] = [];
  const updates: UpdateRow[] = [];
  const seen = { id: new Map<string, number>(), phone: new Map<string, number>(), name: new Map<string, number>(), person: new Map<number, number>() };
  const rowError = (line: number, column: Column | null, message: string) => {
    errors.push({ line, column: column ? HEADERS[column] : null, message });
    errorLines.add(line);
  };

  for (const row of staged.rows) {
    // Re-checked at every plan (the commit too): the commune must still be a current one of this province.
    const commune = communes.get(row.communeId);
    if (!commune || commune.mergedIntoId) {
      rowError(row.line, "commune", t("roster.err.outOfScope"));
      continue;
    }
    // Duplicates inside the file.
    const nk = nameKey(row.fullName, row.birthDate, row.communeId);
    const dup =
      (row.nationalId && seen.id.has(row.nationalId) && (["nationalId", seen.id.get(row.nationalId)!, "roster.import.key.nationalId"] as const)) ||
      (row.phone && seen.phone.has(row.phone) && (["phone", seen.phone.get(row.phone)!, "roster.import.key.phone"] as const)) ||
      (seen.name.has(nk) && (["fullName", seen.name.get(nk)!, "roster.import.key.name"] as const)) ||
      null;
    if (row.nationalId && !seen.id.has(row.nationalId)) seen.id.set(row.nationalId, row.line);
    if (row.phone && !seen.phone.has(row.phone)) seen.phone.set(row.phone, row.line);
    if (!seen.name.has(nk)) seen.name.set(nk, row.line);
    if (dup) {
      rowError(row.line, dup[0], t("roster.err.duplicate", { key: t(dup[2]), line: dup[1] }));
      continue;
    }

    // Matching: national ID, else phone, else name + birth date + commune.
    // Any second key pointing elsewhere makes the row ambiguous.
    const idHits = row.nationalId ? (byId.get(row.nationalId) ?? []) : [];
    const phoneHits = row.phone ? (byPhone.get(row.phone) ?? []) : [];
    const nameHits = byName.get(nk) ?? [];
    let match: Existing | null = null;
    let reason: string | null = null;
    let candidates: Existing[] = [];
    const otherId = (p: Existing) => !!(row.nationalId && p.nationalId && p.nationalId !== row.nationalId);
    if (idHits.length > 1) {
      reason = t("roster.import.reason.several", { key: t("roster.import.key.nationalId") });
      candidates = idHits;
    } else if (idHits.length === 1) {
      const others = phoneHits.filter((p) => p.id !== idHits[0]!.id);
      if (others.length) {
        reason = t("roster.import.reason.conflict", { detail: t("roster.import.conflict.idPhone") });
        candidates = [idHits[0]!, ...others];
      } else match = idHits[0]!;
    } else if (phoneHits.length) {
      if (phoneHits.length > 1) {
        reason = t("roster.import.reason.several", { key: t("roster.import.key.phone") });
        candidates = phoneHits;
      } else if (otherId(phoneHits[0]!)) {
        reason = t("roster.import.reason.conflict", { detail: t("roster.import.conflict.otherId", { key: t("roster.import.key.phone") }) });
        candidates = phoneHits;
      } else match = phoneHits[0]!;
    } else if (nameHits.length) {
      if (nameHits.length > 1) {
        reason = t("roster.import.reason.several", { key: t("roster.import.key.name") });
        candidates = nameHits;
      } else if (otherId(nameHits[0]!)) {
        reason = t("roster.import.reason.conflict", { detail: t("roster.import.conflict.otherId", { key: t("roster.import.key.name") }) });
        candidates = nameHits;
      } else if (row.phone && nameHits[0]!.phone && nameHits[0]!.phone !== row.phone) {
        reason = t("roster.import.reason.conflict", { detail: t("roster.import.conflict.otherPhone") });
        candidates = nameHits;
      } else match = nameHits[0]!;
    }

    if (reason) {
      const decision = decisions[String(row.line)] ?? null;
      if (decision === "new") {
        outcomes.push({ kind: "create", row });
      } else if (typeof decision === "number") {
        const chosen = candidates.find((c) => c.id === decision);
        if (!chosen) {
          rowError(row.line, null, t("roster.err.badChoice"));
          continue;
        }
        match = chosen;
      }
      ambiguous.push({ line: row.line, fullName: row.fullName, reason, candidates: candidates.map((c) => ({ id: c.id, label: label(c) })), decision });
      if (decision === null || decision === "new") continue;
    }

    if (!match) {
      outcomes.push({ kind: "create", row });
      continue;
    }
    const firstLine = seen.person.get(match.id);
    if (firstLine) {
      rowError(row.line, null, t("roster.err.samePerson", { line: firstLine }));
      continue;
    }
    seen.person.set(match.id, row.line);

    // What changes. Blank optional cells keep what is on the list.
    const next: Existing = {
      ...match,
      fullName: normalizeName(match.fullName).toLocaleLowerCase("vi") === row.fullName.toLocaleLowerCase("vi") ? match.fullName : row.fullName,
      birthDate: row.birthDate ?? match.birthDate,
      gender: row.gender ?? match.gender,
      phone: row.phone ?? match.phone,
      nationalId: row.nationalId ?? match.nationalId,
      communeId: row.communeId,
      position: row.position,
      status: "active",
      leftOn: null,
    };
    const moved = next.communeId !== match.communeId;
    const newPosition = next.position !== match.position;
    const back = match.status === "left";
    const details = next.fullName !== match.fullName || next.birthDate !== match.birthDate || next.gender !== match.gender || next.phone !== match.phone || next.nationalId !== match.nationalId;
    if (!moved && !newPosition && !back && !details) {
      outcomes.push({ kind: "unchanged", row, person: match });
      continue;
    }
    const effectiveOn = row.startedOn ?? today;
    if (back && match.leftOn && effectiveOn < match.leftOn) {
      rowError(row.line, "startedOn", t("roster.err.beforeLeft", { date: formatDate(match.leftOn) }));
      continue;
    }
    if (!back && (moved || newPosition) && match.periodStart && effectiveOn < match.periodStart) {
      rowError(row.line, "startedOn", t("roster.err.beforeCurrent", { date: formatDate(match.periodStart) }));
      continue;
    }
    if (back && !row.startedOn) next.startedOn = match.startedOn;
    const changes = [
      moved ? t("roster.import.change.commune", { commune: communes.get(next.communeId)?.fullName ?? "" }) : null,
      newPosition ? t("roster.import.change.position", { position: t(`position.${next.position}` as MessageKey) }) : null,
      back ? t("roster.import.change.back") : null,
      details ? t("roster.import.change.details") : null,
    ].filter(Boolean);
    outcomes.push({ kind: "update", row, person: match, effectiveOn, next });
    updates.push({ line: row.line, fullName: row.fullName, changes: changes.join("; ") });
  }

  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const undecided = ambiguous.filter((a) => a.decision === null).length;
  const plan: Plan = {
    counts: {
      create: outcomes.filter((o) => o.kind === "create").length,
      update: outcomes.filter((o) => o.kind === "update").length,
      unchanged: outcomes.filter((o) => o.kind === "unchanged").length,
      errorRows: [...errorLines].filter((l) => l !== null && l > 1).length,
      ambiguous: undecided,
    },
    errors: errors.slice(0, 2000),
    ambiguous,
    updates: updates.slice(0, 500),
  };
  return { plan, outcomes };
}

// --- staging, decisions, commit ------------------------------------------------------

/** Provinces the actor may import into (admins: all current provinces). */
export async function importProvinces(actor: Grantee) {
  const scopes = scopesFor(actor, "roster:import");
  if (scopes !== "all" && !scopes.length) return [];
  const inScope = scopes === "all" ? sql`true` : sql`(${sql.join(scopes.map((p) => sql`${adminUnits.path} like ${p + "%"}`), sql` or `)})`;
  return db
    .select({ id: adminUnits.id, fullName: adminUnits.fullName, path: adminUnits.path })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "province"), isNull(adminUnits.mergedIntoId), inScope))
    .orderBy(adminUnits.code);
}

async function provinceForImport(actor: Grantee, provinceId: number, tx: Db = db) {
  const [province] = await tx.select().from(adminUnits).where(eq(adminUnits.id, provinceId));
  if (!province || province.level !== "province" || !can(actor, "roster:import", province.path)) return null;
  return province;
}

type Actor = Grantee & { id: number };

/**
 * Reads the file and stages it for preview. A file that cannot be read at
 * all (wrong type, too big, no header, missing columns, no rows) is refused
 * and nothing is stored; row errors are staged and shown on the preview.
 */
export async function stageImport(actor: Actor, provinceId: number, fileName: string, data: Uint8Array, t: T) {
  const province = await provinceForImport(actor, provinceId);
  if (!province) return { ok: false as const, errors: [{ line: null, column: null, message: t("roster.import.noProvince") }] };
  const parsed = await readRosterFile(fileName, data, await communesOfProvince(province.id), province.fullName, t);
  const fileLevel = parsed.errors.filter((e) => e.line === null || e.line === 1);
  if (fileLevel.length) return { ok: false as const, errors: fileLevel };
  const { plan } = await planImport(parsed, province.id, {}, t);
  const id = randomBytes(18).toString("base64url");
  // Old previews of this officer are of no use any more.
  // (committed ones stay: with the audit entry they record what was imported).
  await db
    .delete(rosterImports)
    .where(and(eq(rosterImports.accountId, actor.id), lt(rosterImports.expiresAt, new Date()), isNull(rosterImports.committedAt)));
  await db.insert(rosterImports).values({
    id,
    accountId: actor.id,
    provinceId: province.id,
    fileName: fileName.slice(0, 200),
    rows: parsed,
    decisions: {},
    plan,
    expiresAt: new Date(Date.now() + STAGE_HOURS * 3600_000),
  });
  return { ok: true as const, id, plan };
}

/** The staged import if it belongs to the actor and its province is still in their scope. */
export async function getStagedImport(actor: Actor, id: string) {
  const [row] = await db.select().from(rosterImports).where(and(eq(rosterImports.id, id), eq(rosterImports.accountId, actor.id)));
  if (!row || !(await provinceForImport(actor, row.provinceId))) return null;
  return { ...row, plan: row.plan as Plan, decisions: row.decisions as Decisions, expired: !row.committedAt && row.expiresAt < new Date() };
}

/** Records the officer's choices for ambiguous rows (only those rows, only their candidates or "new"). */
export async function decideImport(actor: Actor, id: string, choices: Record<string, string>, t: T) {
  const staged = await getStagedImport(actor, id);
  if (!staged || staged.expired || staged.committedAt) return null;
  const decisions: Decisions = { ...staged.decisions };
  for (const a of staged.plan.ambiguous) {
    const choice = choices[String(a.line)];
    if (choice === "new") decisions[String(a.line)] = "new";
    else if (choice && a.candidates.some((c) => String(c.id) === choice)) decisions[String(a.line)] = Number(choice);
  }
  const { plan } = await planImport(staged.rows as ParsedFile, staged.provinceId, decisions, t);
  await db.update(rosterImports).set({ decisions, plan }).where(eq(rosterImports.id, id));
  return plan;
}

export type CommitResult =
  | { ok: true; created: number; updated: number; unchanged: number }
  | { ok: false; reason: "notFound" | "expired" | "already" | "changed" };

/** All or nothing, in one transaction; two commits of one province never interleave. */
export async function commitImport(actor: Actor, id: string, t: T, ip?: string | null): Promise<CommitResult> {
  return db.transaction(async (tx) => {
    const [staged] = await tx
      .select()
      .from(rosterImports)
      .where(and(eq(rosterImports.id, id), eq(rosterImports.accountId, actor.id)))
      .for("update");
    if (!staged) return { ok: false as const, reason: "notFound" as const };
    if (staged.committedAt) return { ok: false as const, reason: "already" as const };
    if (staged.expiresAt < new Date()) return { ok: false as const, reason: "expired" as const };
    const province = await provinceForImport(actor, staged.provinceId, tx);
    if (!province) return { ok: false as const, reason: "notFound" as const };
    await tx.execute(sql`select pg_advisory_xact_lock(7305, ${province.id})`);

    const { plan, outcomes } = await planImport(staged.rows as ParsedFile, province.id, staged.decisions as Decisions, t, tx, true);
    if (plan.errors.length || plan.counts.ambiguous) {
      await tx.update(rosterImports).set({ plan }).where(eq(rosterImports.id, id));
      return { ok: false as const, reason: "changed" as const };
    }

    const creates = outcomes.flatMap((o) => (o.kind === "create" ? [o.row] : []));
    // New people, their first periods and their audit entries in one statement
    // per chunk: the rows travel as one JSON parameter (fast for 10,000 rows,
    // and the same on PGlite and PostgreSQL).
    const today = todayInVietnam();
    for (let i = 0; i < creates.length; i += 5000) {
      const json = JSON.stringify(
        creates.slice(i, i + 5000).map((r) => ({
          full_name: r.fullName,
          birth_date: r.birthDate,
          gender: r.gender,
          phone: r.phone,
          national_id: r.nationalId,
          commune_id: r.communeId,
          position: r.position,
          started_on: r.startedOn,
        })),
      );
      await tx.execute(sql`
        with input as (
          select * from json_to_recordset(${json}::json)
            as x(full_name text, birth_date date, gender text, phone text, national_id text, commune_id int, "position" text, started_on date)
        ), inserted as (
          insert into people (full_name, birth_date, gender, phone, national_id, commune_id, "position", started_on)
          select full_name, birth_date, gender::"gender", phone, national_id, commune_id, "position"::"position", started_on from input
          returning id, full_name, commune_id, "position", started_on, phone, national_id
        ), periods as (
          insert into staff_periods (person_id, commune_id, "position", started_on, created_by)
          select id, commune_id, "position", coalesce(started_on, ${today}::date), ${actor.id}::int from inserted
          returning 1
        )
        insert into audit_log (actor_id, action, entity_type, entity_id, unit_id, after, ip)
        select ${actor.id}::int, 'person.create', 'person', id::text, commune_id,
          jsonb_build_object('fullName', full_name, 'communeId', commune_id, 'position', "position", 'startedOn', started_on,
            'phone', case when phone is null then null else '***' end,
            'nationalId', case when national_id is null then null else '***' end, 'source', 'import'),
          ${ip ?? null}
        from inserted
      `);
    }

    for (const o of outcomes) {
      if (o.kind !== "update") continue;
      const { person: before, next } = o;
      await tx
        .update(people)
        .set({
          fullName: next.fullName,
          birthDate: next.birthDate,
          gender: next.gender,
          phone: next.phone,
          nationalId: next.nationalId,
          communeId: next.communeId,
          position: next.position,
          status: "active",
          leftOn: null,
          startedOn: before.status === "left" ? (o.row.startedOn ?? before.startedOn) : before.startedOn,
          updatedAt: new Date(),
        })
        .where(eq(people.id, before.id));
      await syncPeriods(tx, before, { ...next, status: "active" }, o.effectiveOn, actor.id);
      const changed = (["fullName", "birthDate", "gender", "phone", "nationalId", "communeId", "position", "status"] as const).filter((k) => before[k] !== next[k]);
      const shown = (p: Existing) => Object.fromEntries(changed.map((k) => [k, k === "phone" || k === "nationalId" ? (p[k] ? "***" : null) : p[k]]));
      await audit(
        {
          actorId: actor.id,
          action: before.communeId !== next.communeId ? "person.move" : before.position !== next.position ? "person.position" : "person.update",
          entityType: "person",
          entityId: before.id,
          unitId: next.communeId,
          before: shown(before),
          after: { ...shown(next), effectiveOn: o.effectiveOn, source: "import" },
          ip,
        },
        tx,
      );
    }

    const result = { created: plan.counts.create, updated: plan.counts.update, unchanged: plan.counts.unchanged };
    await audit({ actorId: actor.id, action: "roster.import", entityType: "roster_import", entityId: id, unitId: province.id, after: { ...result, file: staged.fileName }, ip }, tx);
    await tx.update(rosterImports).set({ committedAt: new Date(), result, plan }).where(eq(rosterImports.id, id));
    return { ok: true as const, ...result };
  });
}
