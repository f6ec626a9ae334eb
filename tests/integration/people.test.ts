import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db.server";
import { translator } from "~/i18n";
import { communeForWrite, getPersonInScope, listPeople, markPersonLeft, updatePerson, validatePerson } from "~/models/people.server";
import { adminUnits, auditLog, people } from "../../db/schema";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();
beforeAll(async () => {
  await seedDemoData();
});

const t = translator("vi");

async function unit(code: string) {
  const [u] = await db.select().from(adminUnits).where(eq(adminUnits.code, code));
  return u!;
}

describe("roster scope", () => {
  it("each officer sees exactly the people under their unit", async () => {
    const qt = await demoActor("qt-province");
    const hue = await demoActor("hue-province");
    const dongHa = await demoActor("qt-commune");
    const learner = await demoActor("qt-learner");
    const qtPath = (await unit("44")).path;
    const huePath = (await unit("46")).path;
    const dongHaId = (await unit("19333")).id;

    const qtList = await listPeople(qt, {}, 1000);
    expect(qtList.total).toBeGreaterThan(50);
    const communePaths = await db.select({ id: people.id, path: adminUnits.path }).from(people).innerJoin(adminUnits, eq(people.communeId, adminUnits.id));
    const pathOf = new Map(communePaths.map((r) => [r.id, r.path]));
    expect(qtList.rows.every((p) => pathOf.get(p.id)!.startsWith(qtPath))).toBe(true);
    const hueList = await listPeople(hue, {}, 1000);
    expect(hueList.total).toBeGreaterThan(0);
    expect(hueList.rows.every((p) => pathOf.get(p.id)!.startsWith(huePath))).toBe(true);

    const dongHaList = await listPeople(dongHa, {}, 1000);
    expect(dongHaList.rows.every((p) => p.communeId === dongHaId)).toBe(true);
    expect((await listPeople(learner, {}, 1000)).total).toBe(0);

    const someoneInHue = hueList.rows[0]!;
    expect(await getPersonInScope(qt, someoneInHue.id)).toBeNull();
    expect(await getPersonInScope(hue, someoneInHue.id)).not.toBeNull();
    expect(await communeForWrite(qt, someoneInHue.communeId)).toBeNull();
  });

  it("records every change with who, when and what — without personal identifiers in clear", async () => {
    const officer = await demoActor("qt-commune");
    const [person] = await db.select().from(people).where(eq(people.communeId, (await unit("19333")).id)).limit(1);
    const checked = validatePerson(
      { fullName: "  Nguyễn   Thị Hường ", birthDate: "05/09/1990", gender: "female", phone: "+84 912 345 678", nationalId: "044190012345", communeId: String(person!.communeId), position: "ctv_ctxh", startedOn: "01/01/2022" },
      t,
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.input).toMatchObject({ fullName: "Nguyễn Thị Hường", birthDate: "1990-09-05", phone: "0912345678" });
    await updatePerson(officer, person!.id, checked.input);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityType, "person"), eq(auditLog.entityId, String(person!.id)), eq(auditLog.action, "person.update")));
    expect(entry!.actorId).toBe(officer.id);
    expect(JSON.stringify(entry)).not.toContain("0912345678");
    expect(JSON.stringify(entry)).not.toContain("044190012345");
    expect(entry!.after).toMatchObject({ fullName: "Nguyễn Thị Hường", phone: "***" });

    await markPersonLeft(officer, person!.id, "2026-06-30");
    const [after] = await db.select().from(people).where(eq(people.id, person!.id));
    expect(after).toMatchObject({ status: "left", leftOn: "2026-06-30" });
  });

  it("explains each invalid field in Vietnamese", () => {
    const checked = validatePerson({ fullName: "", birthDate: "31/02/1990", phone: "012345", nationalId: "123", communeId: "", position: "boss" }, t);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      fullName: "Vui lòng nhập họ và tên.",
      birthDate: "Ngày sinh không hợp lệ: nhập theo dạng dd/mm/yyyy.",
      phone: "Số điện thoại không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 (có thể ghi +84).",
      nationalId: "Số định danh cá nhân phải gồm đúng 12 chữ số.",
      communeId: "Vui lòng chọn xã / phường.",
      position: "Vui lòng chọn vị trí.",
    });
  });
});
