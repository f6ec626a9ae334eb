// Demo data for a new installation: Quảng Trị (all 78 communes, people in a
// dozen of them), a corner of Huế, and one account for every role.
import { eq, inArray, sql } from "drizzle-orm";
import { db } from "~/db.server";
import { hashPassword } from "~/auth/password.server";
import { randomPerson, seededRandom } from "~/lib/vn-names";
import { accounts, adminUnits, consents, people, roleAssignments, type Position, type Role } from "../../db/schema";
import { CONSENT_NOTICE_VERSION, CONSENT_PURPOSE, issueActivationCode, formatActivationCode } from "~/models/accounts.server";
import { importUnits, type UnitInput } from "~/models/units.server";
import { DEMO_UNITS } from "./demo-units";
import { seedRosterHistory } from "./roster.server";
import { seedClasses } from "./classes.server";
import { seedAuthoring } from "./authoring.server";
import { seedTargets } from "./targets.server";

export const DEMO_PASSWORD = "ctxh-demo-2026";

// Communes of Quảng Trị that get people in the demo.
const DEMO_COMMUNES = ["19333", "19351", "19360", "18880", "19009", "19138", "19249", "19363", "19429", "19495", "19564", "19597"];
const HUE_COMMUNES = ["19753", "19774", "19867"];

interface DemoAccount {
  key: string;
  role: Role;
  /** Label printed for people starting the demo. */
  label: string;
  login: string;
  email?: string;
  scopeCode: string | null;
  /** The commune of the person behind the account (none for the admin). */
  communeCode: string | null;
  fullName: string;
  position?: Position;
  roles?: { role: Role; scopeCode: string | null }[];
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { key: "admin", role: "admin", label: "Quản trị hệ thống", login: "admin@ctxh.demo", email: "admin@ctxh.demo", scopeCode: null, communeCode: null, fullName: "Quản trị hệ thống" },
  { key: "qt-province", role: "province_officer", label: "Cán bộ tỉnh Quảng Trị", login: "0905000001", scopeCode: "44", communeCode: "19333", fullName: "Lê Thị Ngọc Ánh", position: "other" },
  { key: "qt-commune", role: "commune_officer", label: "Cán bộ Phường Đông Hà", login: "0905000002", scopeCode: "19333", communeCode: "19333", fullName: "Trương Vĩnh Ký", position: "cong_chuc_vhxh" },
  { key: "qt-trainer", role: "trainer", label: "Giảng viên (Quảng Trị)", login: "0905000003", scopeCode: "44", communeCode: "19360", fullName: "Hồ Xuân Hương", position: "nhan_vien_ctxh" },
  { key: "qt-learner", role: "learner", label: "Học viên – CTV CTXH Đông Hà", login: "0905000004", scopeCode: "19333", communeCode: "19333", fullName: "Nguyễn Thị Hường", position: "ctv_ctxh" },
  { key: "hue-province", role: "province_officer", label: "Cán bộ Thành phố Huế", login: "0905000005", scopeCode: "46", communeCode: "19753", fullName: "Đặng Quốc Bảo", position: "other" },
  { key: "hue-commune", role: "commune_officer", label: "Cán bộ Phường Kim Long (Huế)", login: "0905000006", scopeCode: "19774", communeCode: "19774", fullName: "Phan Thị Thu Hà", position: "cong_chuc_vhxh" },
  { key: "hue-learner", role: "learner", label: "Học viên – CTV CTXH Kim Long", login: "0905000007", scopeCode: "19774", communeCode: "19774", fullName: "Võ Văn Tài", position: "ctv_ctxh" },
];

export interface DemoLogin {
  role: string;
  login: string;
  password: string;
  scope: string;
}

function demoUnitInputs(): UnitInput[] {
  const out: UnitInput[] = [];
  let line = 0;
  for (const p of DEMO_UNITS) {
    out.push({ line: ++line, code: p.code, name: p.name, fullName: p.fullName, kind: p.kind, level: "province", parentCode: null });
    for (const c of p.communes) out.push({ line: ++line, code: c.code, name: c.name, fullName: c.fullName, kind: c.kind, level: "commune", parentCode: p.code });
  }
  return out;
}

/** Seeds once, on a database with no accounts. Returns the logins, or null if nothing was done. */
export async function seedDemoIfEmpty(): Promise<DemoLogin[] | null> {
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
  if ((count?.n ?? 0) > 0) return null;
  return seedDemo();
}

export async function seedDemo(): Promise<DemoLogin[]> {
  const imported = await importUnits(demoUnitInputs(), [], { id: null, source: "demo" });
  if (!imported.ok) throw new Error("demo units failed: " + JSON.stringify(imported.errors.slice(0, 3)));

  const codes = [...new Set([...DEMO_COMMUNES, ...HUE_COMMUNES, "44", "46"])];
  const units = new Map((await db.select().from(adminUnits).where(inArray(adminUnits.code, codes))).map((u) => [u.code, u]));
  const unit = (code: string) => {
    const u = units.get(code);
    if (!u) throw new Error(`demo unit ${code} missing`);
    return u;
  };

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const rand = seededRandom(20250701);
  const positions: Position[] = ["ctv_ctxh", "ctv_ctxh", "ctv_ctxh", "ctv_ctxh", "nhan_vien_ctxh", "cong_chuc_vhxh", "other"];

  return db.transaction(async (tx) => {
    // Roster: 6–10 people in each demo commune.
    const roster = [];
    for (const code of [...DEMO_COMMUNES, ...HUE_COMMUNES]) {
      const n = 6 + Math.floor(rand() * 5);
      for (let i = 0; i < n; i++) {
        const p = randomPerson(rand);
        roster.push({
          ...p,
          phone: rand() < 0.85 ? p.phone : null,
          communeId: unit(code).id,
          position: positions[Math.floor(rand() * positions.length)]!,
          status: (rand() < 0.05 ? "left" : "active") as "left" | "active",
          startedOn: `20${String(15 + Math.floor(rand() * 10)).padStart(2, "0")}-0${1 + Math.floor(rand() * 9)}-01`,
        });
      }
    }
    await tx.insert(people).values(roster.map((r) => ({ ...r, leftOn: r.status === "left" ? "2025-12-31" : null })));

    const logins: DemoLogin[] = [];
    for (const a of DEMO_ACCOUNTS) {
      let personId: number | null = null;
      if (a.communeCode) {
        const [person] = await tx
          .insert(people)
          .values({ fullName: a.fullName, communeId: unit(a.communeCode).id, position: a.position ?? "other", phone: a.login, gender: "female", birthDate: "1988-03-15", startedOn: "2022-01-01" })
          .returning({ id: people.id });
        personId = person!.id;
      }
      const [account] = await tx
        .insert(accounts)
        .values({ personId, displayName: a.fullName, phone: a.email ? null : a.login, email: a.email ?? null, passwordHash, status: "active", passwordChangedAt: new Date() })
        .returning({ id: accounts.id });
      await tx.insert(roleAssignments).values({ accountId: account!.id, role: a.role, unitId: a.scopeCode ? unit(a.scopeCode).id : null });
      // Officers and trainers also learn: they can take the courses in their commune.
      if (a.role !== "learner" && a.role !== "admin" && a.communeCode) {
        await tx.insert(roleAssignments).values({ accountId: account!.id, role: "learner", unitId: unit(a.communeCode).id });
      }
      if (personId) await tx.insert(consents).values({ accountId: account!.id, purpose: CONSENT_PURPOSE, noticeVersion: CONSENT_NOTICE_VERSION });
      logins.push({ role: a.label, login: a.login, password: DEMO_PASSWORD, scope: a.scopeCode ? unit(a.scopeCode).fullName : "Toàn quốc" });
    }

    // A self-registration waiting for the Đông Hà officer's approval.
    const [pendingPerson] = await tx
      .insert(people)
      .values({ fullName: "Hoàng Thị Mai", communeId: unit("19333").id, position: "ctv_ctxh", phone: "0905000009", gender: "female", birthDate: "1995-07-20" })
      .returning({ id: people.id });
    const [pending] = await tx
      .insert(accounts)
      .values({ personId: pendingPerson!.id, displayName: "Hoàng Thị Mai", phone: "0905000009", passwordHash, status: "pending" })
      .returning({ id: accounts.id });
    await tx.insert(consents).values({ accountId: pending!.id, purpose: CONSENT_PURPOSE, noticeVersion: CONSENT_NOTICE_VERSION });
    await seedRosterHistory(tx);
    return logins;
  }).then(async (logins) => {
    // An activation code for one roster person of Đông Hà without an account.
    const [person] = await db.select({ id: people.id, communeId: people.communeId, fullName: people.fullName }).from(people).where(eq(people.communeId, unit("19333").id)).limit(1);
    const [admin] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, "admin@ctxh.demo"));
    if (person && admin) {
      const { code } = await issueActivationCode({ id: admin.id, roles: [] }, person.id, person.communeId);
      logins.push({ role: `Mã kích hoạt (${person.fullName})`, login: formatActivationCode(code), password: "—", scope: "/activate" });
    }
    await seedTargets();
    await seedClasses();
    await seedAuthoring();
    return logins;
  });
}
