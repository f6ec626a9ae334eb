// Administrative units: province → (district, historical) → commune.
// Imported from the official list (CSV/XLSX: code, name, level, parent code)
// or from JSON shaped like vn-admin-units-2025.json; re-import upserts by code.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { controlCellMessage, headerKey, readTable, TableReadError } from "~/lib/tabular.server";
import { firstControlChar } from "~/lib/control-chars";
import { adminUnits, people, type AdminUnit } from "../../db/schema";
import { audit } from "./audit.server";

export type UnitLevel = AdminUnit["level"];

export interface UnitInput {
  line: number;
  code: string;
  name: string;
  fullName: string;
  kind: string;
  level: UnitLevel;
  parentCode: string | null;
}

export interface ImportError {
  line: number | null;
  field: string | null;
  message: string;
}

export interface UnitPlan {
  create: UnitInput[];
  update: UnitInput[];
  unchanged: number;
  errors: ImportError[];
}

// Official kinds and the level each implies.
const KINDS: { kind: string; level: UnitLevel; aliases: string[] }[] = [
  { kind: "Tỉnh", level: "province", aliases: ["tinh", "province"] },
  { kind: "Thành phố", level: "province", aliases: ["thanh pho", "thanh pho trung uong", "thanh pho truc thuoc trung uong", "city"] },
  { kind: "Huyện", level: "district", aliases: ["huyen", "district"] },
  { kind: "Quận", level: "district", aliases: ["quan"] },
  { kind: "Thị xã", level: "district", aliases: ["thi xa"] },
  { kind: "Thành phố thuộc tỉnh", level: "district", aliases: ["thanh pho thuoc tinh"] },
  { kind: "Xã", level: "commune", aliases: ["xa", "commune"] },
  { kind: "Phường", level: "commune", aliases: ["phuong", "ward"] },
  { kind: "Thị trấn", level: "commune", aliases: ["thi tran"] },
  { kind: "Đặc khu", level: "commune", aliases: ["dac khu", "special zone"] },
];

function kindFor(levelText: string): { kind: string | null; level: UnitLevel } | null {
  const key = headerKey(levelText);
  for (const k of KINDS) if (k.aliases.includes(key)) return { kind: key === "province" || key === "district" || key === "commune" ? null : k.kind, level: k.level };
  return null;
}

function kindFromName(name: string, level: UnitLevel): string {
  const candidates = KINDS.filter((k) => k.level === level).sort((a, b) => b.kind.length - a.kind.length);
  const found = candidates.find((k) => name.toLowerCase().startsWith(k.kind.toLowerCase() + " "));
  return found?.kind ?? (level === "province" ? "Tỉnh" : level === "district" ? "Huyện" : "Xã");
}

function splitName(name: string, kind: string) {
  const prefix = kind + " ";
  if (name.toLowerCase().startsWith(prefix.toLowerCase())) {
    return { name: name.slice(prefix.length).trim(), fullName: kind + " " + name.slice(prefix.length).trim() };
  }
  return { name, fullName: `${kind} ${name}` };
}

// --- reading files -----------------------------------------------------------

const COLUMN_ALIASES: Record<"code" | "name" | "level" | "parentCode", string[]> = {
  code: ["code", "ma", "ma don vi", "ma dvhc"],
  name: ["name", "ten", "ten don vi", "ten dvhc"],
  level: ["level", "cap", "loai", "kind"],
  parentCode: ["parent code", "parent", "parent_code", "ma cap tren", "ma don vi cap tren", "ma tinh", "ma tp"],
};
const COLUMN_LABELS = { code: "mã (code)", name: "tên (name)", level: "cấp (level)", parentCode: "mã cấp trên (parent code)" };

export function parseUnitRows(header: string[], rows: { line: number; cells: string[] }[]) {
  const errors: ImportError[] = [];
  const keys = header.map(headerKey);
  const index = {} as Record<keyof typeof COLUMN_ALIASES, number>;
  for (const [column, aliases] of Object.entries(COLUMN_ALIASES) as [keyof typeof COLUMN_ALIASES, string[]][]) {
    const at = keys.findIndex((k) => aliases.includes(k) || aliases.includes(k.replace(/ /g, "_")));
    if (at < 0) errors.push({ line: 1, field: COLUMN_LABELS[column], message: `Thiếu cột "${COLUMN_LABELS[column]}" ở dòng tiêu đề.` });
    index[column] = at;
  }
  if (errors.length) return { units: [], errors };

  const units: UnitInput[] = [];
  for (const { line, cells } of rows) {
    const code = cells[index.code] ?? "";
    const rawName = cells[index.name] ?? "";
    const levelText = cells[index.level] ?? "";
    const parentCode = (cells[index.parentCode] ?? "").trim() || null;
    let bad = false;
    if (!code) {
      errors.push({ line, field: COLUMN_LABELS.code, message: "Thiếu mã đơn vị." });
      bad = true;
    } else if (!/^[0-9A-Za-z._-]{1,20}$/.test(code)) {
      errors.push({ line, field: COLUMN_LABELS.code, message: `Mã "${code}" không hợp lệ (chỉ gồm chữ số, chữ cái, tối đa 20 ký tự).` });
      bad = true;
    }
    if (!rawName) {
      errors.push({ line, field: COLUMN_LABELS.name, message: "Thiếu tên đơn vị." });
      bad = true;
    }
    const kind = levelText ? kindFor(levelText) : null;
    if (!levelText) {
      errors.push({ line, field: COLUMN_LABELS.level, message: "Thiếu cấp đơn vị." });
      bad = true;
    } else if (!kind) {
      errors.push({
        line,
        field: COLUMN_LABELS.level,
        message: `Cấp "${levelText}" không hợp lệ (Tỉnh, Thành phố, Xã, Phường, Đặc khu; dữ liệu cũ: Huyện, Quận, Thị xã, Thị trấn).`,
      });
      bad = true;
    }
    if (bad || !kind) continue;
    const kindText = kind.kind ?? kindFromName(rawName, kind.level);
    units.push({ line, code, level: kind.level, kind: kindText, parentCode, ...splitName(rawName, kindText) });
  }
  return { units, errors };
}

interface JsonUnit {
  code?: unknown;
  name?: unknown;
  fullName?: unknown;
  kind?: unknown;
  communes?: unknown;
  districts?: unknown;
}

/** Reads the JSON shape of vn-admin-units-2025.json (provinces with communes, optionally districts). */
export function parseUnitJson(text: string) {
  const errors: ImportError[] = [];
  const units: UnitInput[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return { units, errors: [{ line: null, field: null, message: `Tệp JSON không hợp lệ: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(data)) {
    return { units, errors: [{ line: null, field: null, message: "Tệp JSON phải là một danh sách tỉnh/thành phố." }] };
  }
  let item = 0;
  const visit = (raw: JsonUnit, level: UnitLevel, parentCode: string | null, where: string) => {
    item++;
    // Control characters (NUL, …) in any text of the item refuse it.
    const damaged = [raw.code, raw.name, raw.fullName, raw.kind].map((v) => (typeof v === "string" ? firstControlChar(v) : null)).find(Boolean);
    if (damaged) errors.push({ line: item, field: null, message: `${where}: ${controlCellMessage(damaged)}` });
    const code = typeof raw.code === "string" ? raw.code.trim() : typeof raw.code === "number" ? String(raw.code) : "";
    const name = typeof raw.name === "string" ? raw.name.normalize("NFC").trim() : "";
    if (!code) errors.push({ line: item, field: "code", message: `${where}: thiếu mã đơn vị.` });
    if (!name) errors.push({ line: item, field: "name", message: `${where}: thiếu tên đơn vị.` });
    if (code && name && !damaged) {
      const kind = typeof raw.kind === "string" && raw.kind.trim() ? raw.kind.normalize("NFC").trim() : kindFromName(name, level);
      const fullName = typeof raw.fullName === "string" && raw.fullName.trim() ? raw.fullName.normalize("NFC").trim() : `${kind} ${name}`;
      units.push({ line: item, code, name, fullName, kind, level, parentCode });
    }
    const children = (key: "districts" | "communes", childLevel: UnitLevel) => {
      const list = raw[key];
      if (list === undefined) return;
      if (!Array.isArray(list)) {
        errors.push({ line: item, field: key, message: `${where}: "${key}" phải là một danh sách.` });
        return;
      }
      list.forEach((child, i) => visit(child as JsonUnit, childLevel, code || null, `${where} › ${key}[${i + 1}]`));
    };
    children("districts", "district");
    children("communes", "commune");
  };
  data.forEach((p, i) => visit(p as JsonUnit, "province", null, `Tỉnh thứ ${i + 1}`));
  return { units, errors };
}

export async function readUnitFile(fileName: string, data: Uint8Array) {
  if (fileName.toLowerCase().endsWith(".json")) return parseUnitJson(new TextDecoder().decode(data));
  try {
    const table = await readTable(fileName, data);
    const parsed = parseUnitRows(table.header, table.rows);
    if (!table.controlCells.length) return parsed;
    // A damaged cell refuses its row, naming line and column.
    const bad = new Set(table.controlCells.map((c) => c.line));
    return {
      units: parsed.units.filter((u) => !bad.has(u.line)),
      errors: [...table.controlCells.map((c) => ({ line: c.line, field: c.column, message: controlCellMessage(c.char) })), ...parsed.errors],
    };
  } catch (error) {
    if (error instanceof TableReadError) {
      return { units: [], errors: [{ line: null, field: null, message: error.message }] };
    }
    throw error;
  }
}

// --- planning and applying ----------------------------------------------------

const PARENT_LEVELS: Record<UnitLevel, UnitLevel[]> = {
  province: [],
  district: ["province"],
  commune: ["province", "district"],
};
const LEVEL_ORDER: UnitLevel[] = ["province", "district", "commune"];

/** Validates the whole file against itself and the database; nothing is written. */
export async function planUnitImport(units: UnitInput[], parseErrors: ImportError[] = [], tx: Db = db): Promise<UnitPlan> {
  const errors = [...parseErrors];
  const byCode = new Map<string, UnitInput>();
  for (const u of units) {
    const first = byCode.get(u.code);
    if (first) {
      errors.push({ line: u.line, field: "mã (code)", message: `Mã "${u.code}" bị trùng với dòng ${first.line}.` });
    } else {
      byCode.set(u.code, u);
    }
  }
  const codes = [...new Set([...units.map((u) => u.code), ...units.flatMap((u) => (u.parentCode ? [u.parentCode] : []))])];
  const existing = new Map<string, AdminUnit>();
  for (let i = 0; i < codes.length; i += 5000) {
    const chunk = codes.slice(i, i + 5000);
    for (const row of await tx.select().from(adminUnits).where(inArray(adminUnits.code, chunk))) existing.set(row.code, row);
  }
  const existingById = new Map([...existing.values()].map((u) => [u.id, u]));
  const parentCodeOfExisting = (u: AdminUnit) => (u.parentId ? existingById.get(u.parentId)?.code ?? null : null);

  for (const u of byCode.values()) {
    if (u.level === "province") {
      if (u.parentCode) errors.push({ line: u.line, field: "mã cấp trên (parent code)", message: `Tỉnh/thành phố "${u.fullName}" không có đơn vị cấp trên.` });
      continue;
    }
    if (!u.parentCode) {
      errors.push({ line: u.line, field: "mã cấp trên (parent code)", message: `"${u.fullName}" thiếu mã đơn vị cấp trên.` });
      continue;
    }
    const parent = byCode.get(u.parentCode) ?? existing.get(u.parentCode);
    if (!parent) {
      errors.push({ line: u.line, field: "mã cấp trên (parent code)", message: `Không tìm thấy đơn vị cấp trên có mã "${u.parentCode}".` });
    } else if (!PARENT_LEVELS[u.level].includes(parent.level)) {
      errors.push({ line: u.line, field: "mã cấp trên (parent code)", message: `"${u.fullName}" không thể trực thuộc "${parent.fullName}".` });
    }
  }

  const plan: UnitPlan = { create: [], update: [], unchanged: 0, errors };
  for (const u of byCode.values()) {
    const old = existing.get(u.code);
    if (!old) plan.create.push(u);
    else if (
      old.name !== u.name ||
      old.fullName !== u.fullName ||
      old.kind !== u.kind ||
      old.level !== u.level ||
      parentCodeOfExisting(old) !== u.parentCode
    )
      plan.update.push(u);
    else plan.unchanged++;
  }
  plan.errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return plan;
}

/** Recomputes every unit's materialised path and province from the parent links. */
async function rebuildPaths(tx: Db) {
  await tx.execute(sql`
    with recursive tree as (
      select id, '/' || id || '/' as path, id as province_id from admin_units where parent_id is null
      union all
      select u.id, t.path || u.id || '/', t.province_id from admin_units u join tree t on u.parent_id = t.id
    )
    update admin_units a set path = tree.path, province_id = tree.province_id
    from tree
    where a.id = tree.id and (a.path is distinct from tree.path or a.province_id is distinct from tree.province_id)
  `);
}

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
}

/** All or nothing: either every row is valid and applied, or nothing changes. */
export async function importUnits(
  units: UnitInput[],
  parseErrors: ImportError[],
  actor: { id: number | null; ip?: string | null; source: string },
): Promise<{ ok: true; summary: ImportSummary } | { ok: false; errors: ImportError[] }> {
  return db.transaction(async (tx) => {
    const plan = await planUnitImport(units, parseErrors, tx);
    if (plan.errors.length) return { ok: false as const, errors: plan.errors };
    const changes = [...plan.create, ...plan.update];
    const ids = new Map<string, number>();
    const parentCodes = [...new Set(changes.flatMap((u) => (u.parentCode ? [u.parentCode] : [])))];
    for (let i = 0; i < parentCodes.length; i += 5000) {
      for (const row of await tx
        .select({ id: adminUnits.id, code: adminUnits.code })
        .from(adminUnits)
        .where(inArray(adminUnits.code, parentCodes.slice(i, i + 5000))))
        ids.set(row.code, row.id);
    }
    for (const level of LEVEL_ORDER) {
      const batch = changes.filter((u) => u.level === level);
      for (let i = 0; i < batch.length; i += 1000) {
        const rows = await tx
          .insert(adminUnits)
          .values(
            batch.slice(i, i + 1000).map((u) => ({
              code: u.code,
              name: u.name,
              fullName: u.fullName,
              kind: u.kind,
              level: u.level,
              parentId: u.parentCode ? ids.get(u.parentCode)! : null,
              path: "",
            })),
          )
          .onConflictDoUpdate({
            target: adminUnits.code,
            set: {
              name: sql`excluded.name`,
              fullName: sql`excluded.full_name`,
              kind: sql`excluded.kind`,
              level: sql`excluded.level`,
              parentId: sql`excluded.parent_id`,
              updatedAt: sql`now()`,
            },
          })
          .returning({ id: adminUnits.id, code: adminUnits.code });
        for (const r of rows) ids.set(r.code, r.id);
      }
    }
    if (changes.length) await rebuildPaths(tx);
    const summary = { created: plan.create.length, updated: plan.update.length, unchanged: plan.unchanged };
    await audit({ actorId: actor.id, action: "units.import", entityType: "admin_units", after: { ...summary, source: actor.source }, ip: actor.ip }, tx);
    return { ok: true as const, summary };
  });
}

export async function markMerged(
  code: string,
  intoCode: string,
  mergedOn: string,
  actor: { id: number; ip?: string | null },
): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction(async (tx) => {
    const [unit] = await tx.select().from(adminUnits).where(eq(adminUnits.code, code));
    const [into] = await tx.select().from(adminUnits).where(eq(adminUnits.code, intoCode));
    if (!unit) return { ok: false as const, message: `Không tìm thấy đơn vị có mã "${code}".` };
    if (!into) return { ok: false as const, message: `Không tìm thấy đơn vị nhận sáp nhập có mã "${intoCode}".` };
    if (unit.id === into.id) return { ok: false as const, message: "Không thể sáp nhập một đơn vị vào chính nó." };
    if (unit.level !== into.level && !(unit.level === "district" && into.level === "province"))
      return { ok: false as const, message: `"${unit.fullName}" và "${into.fullName}" không cùng cấp.` };
    if (into.mergedIntoId) return { ok: false as const, message: `"${into.fullName}" đã được sáp nhập vào đơn vị khác.` };
    const before = { mergedIntoId: unit.mergedIntoId, mergedOn: unit.mergedOn };
    await tx.update(adminUnits).set({ mergedIntoId: into.id, mergedOn, updatedAt: new Date() }).where(eq(adminUnits.id, unit.id));
    await audit(
      { actorId: actor.id, action: "units.merge", entityType: "admin_unit", entityId: unit.id, unitId: unit.id, before, after: { mergedIntoId: into.id, mergedOn }, ip: actor.ip },
      tx,
    );
    return { ok: true as const };
  });
}

// --- reading -----------------------------------------------------------------

export async function getUnit(id: number) {
  const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.id, id));
  return unit ?? null;
}

export async function getUnitByCode(code: string) {
  const [unit] = await db.select().from(adminUnits).where(eq(adminUnits.code, code));
  return unit ?? null;
}

export async function listProvinces() {
  return db.select().from(adminUnits).where(and(eq(adminUnits.level, "province"), isNull(adminUnits.mergedIntoId))).orderBy(asc(adminUnits.code));
}

export async function listChildren(parentId: number) {
  return db.select().from(adminUnits).where(eq(adminUnits.parentId, parentId)).orderBy(asc(adminUnits.code));
}

/** Communes (current, not merged) under a unit, for pickers. */
export async function listCommunesUnder(unitPath: string) {
  return db
    .select({ id: adminUnits.id, code: adminUnits.code, fullName: adminUnits.fullName, path: adminUnits.path })
    .from(adminUnits)
    .where(and(eq(adminUnits.level, "commune"), isNull(adminUnits.mergedIntoId), sql`${adminUnits.path} like ${unitPath + "%"}`))
    .orderBy(asc(adminUnits.code));
}

export async function countPeopleInUnit(unitPath: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(people)
    .innerJoin(adminUnits, eq(people.communeId, adminUnits.id))
    .where(sql`${adminUnits.path} like ${unitPath + "%"}`);
  return row?.n ?? 0;
}
