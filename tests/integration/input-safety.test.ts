// Issue #10, item 9: control characters are input errors, and logs hold no
// personal data. Real failing queries on a real database are logged through
// the app's logger options into a captured stream; the input guard is run over
// a real build-shaped route table with real Request objects; import cells are
// read by the real table reader.
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { ServerBuild } from "@remix-run/node";
import { db } from "~/db.server";
import { translator } from "~/i18n";
import { hasControlChars, stripControlChars } from "~/lib/control-chars";
import { formValues, str } from "~/lib/form.server";
import { guardBuild, strippedFields } from "~/lib/input-guard.server";
import { readTable } from "~/lib/tabular.server";
import { createLogger } from "~/logger.server";
import { parseRosterTable } from "~/models/roster-import.server";
import { readUnitFile } from "~/models/units.server";
import { runInRequestScope } from "~/request-scope.server";
import { accounts, people } from "../../db/schema";
import { withTestDatabase } from "../support/db";
import { seedDemoData } from "../support/fixtures";

withTestDatabase();
beforeAll(async () => {
  await seedDemoData();
});

const PHONE = "0905000001"; // a demo account's phone: the insert below collides with it
const NATIONAL_ID = "044190001234";
const DRAFT = "Bản nháp khoá học: Bà Lan ở thôn 3, số điện thoại 0912345678";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { log: createLogger("info", stream), lines };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("the query did not fail");
}

describe("logs of failed queries", () => {
  it("drop parameters, detail values and the parameter list of the message, at every depth", async () => {
    // Unique violation: its detail says "Key (phone)=(0905000001) already exists".
    const duplicate = await failure(() => db.insert(accounts).values({ displayName: "Nguyễn Văn Thử", phone: PHONE, email: "thu@example.vn", passwordHash: "x" }));
    // NUL in a text parameter, next to a national id and a whole draft.
    const nul = await failure(() => db.insert(people).values({ fullName: "Nguyễn\u0000Văn", phone: "0912345678", nationalId: NATIONAL_ID, communeId: 1, position: "other" }));
    const raw = await failure(() => db.execute(sql`select * from people where national_id = ${NATIONAL_ID} and full_name = ${DRAFT} and id = 'không phải số'::int`));
    // The raw errors do carry the values (this is what must not reach the log).
    expect(JSON.stringify(Object.entries(duplicate as object)) + String((duplicate as Error).message)).toContain(PHONE);

    const { log, lines } = capture();
    log.error({ event: "request.error", url: "/people/new", err: duplicate }, "unhandled error");
    log.error({ event: "request.error", err: nul }, "unhandled error");
    log.error({ event: "request.error", err: new Error("render failed", { cause: new Error("loader failed", { cause: raw }) }) }, "unhandled error");
    log.warn({ event: "debug", phone: PHONE, person: { nationalId: NATIONAL_ID, fullName: "Nguyễn Văn A" }, body: DRAFT }, "personal fields");
    expect(lines).toHaveLength(4);
    const all = lines.join("\n");
    for (const secret of [PHONE, NATIONAL_ID, "0912345678", "Bà Lan", "thu@example.vn", "Nguyễn Văn Thử", "không phải số", "Nguyễn Văn A"]) {
      expect(all, secret).not.toContain(secret);
    }
    const [first, second, third, fourth] = lines.map((l) => JSON.parse(l));
    // What helps finding the fault is kept: the statement, the SQLSTATE code, the constraint, the chain.
    expect(first.err.message).toMatch(/^Failed query: insert into "accounts"/);
    expect(first.err.query).toContain("$1");
    expect(first.err.params).toBeUndefined();
    expect(first.err.cause.code).toBe("23505");
    expect(first.err.cause.detail).toBeUndefined();
    expect(first.err.stack).toMatch(/\n\s+at /);
    expect(second.err.message).toMatch(/^Failed query: insert into "people"/);
    expect(third.err.cause.cause.message).toMatch(/^Failed query: select \* from people/);
    expect(third.err.cause.cause.query).toContain("'…'::int");
    expect(fourth.phone).toBe("[redacted]");
    expect(fourth.person.nationalId).toBe("[redacted]");
    expect(fourth.body).toBe("[redacted]");
  });
});

describe("control characters", () => {
  it("are removed, TAB/LF/CR kept, Vietnamese untouched", () => {
    const typed = "Nguyễn\u0000 Thị\u0007 Hường\u007F\u0085\uFFFE\uD800\tdòng 2\r\n";
    expect(hasControlChars(typed)).toBe(true);
    expect(stripControlChars(typed)).toBe("Nguyễn Thị Hường\tdòng 2\r\n");
    expect(stripControlChars("😀 Đông Hà")).toBe("😀 Đông Hà");
    const form = new FormData();
    form.set("fullName", " Lê\u0000 Văn A ");
    form.set("password", "x");
    expect(str(form, "fullName")).toBe("Lê Văn A");
    expect(formValues(form)).toEqual({ fullName: "Lê Văn A" });
  });

  it("the guard hands every action and loader clean input and names the fields", async () => {
    const seen: { fields: Record<string, string>; file?: string; url: string; stripped?: string[] }[] = [];
    const action = async ({ request }: { request: Request }) => {
      const form = await request.formData();
      const file = form.get("file");
      seen.push({ fields: Object.fromEntries([...form].filter(([, v]) => typeof v === "string") as [string, string][]), file: file instanceof File ? file.name : undefined, url: request.url });
      return null;
    };
    const loader = async ({ request }: { request: Request }) => {
      seen.push({ fields: {}, url: request.url, stripped: strippedFields() });
      return null;
    };
    const build = { routes: { "routes/x": { id: "routes/x", path: "x", module: { action, loader, default: () => null } } } } as unknown as ServerBuild;
    const guarded = guardBuild(build).routes["routes/x"]!.module as unknown as { action: typeof action; loader: typeof loader };
    expect(build.routes["routes/x"]!.module.action).toBe(action); // the original build is left as it was

    await runInRequestScope(async () => {
      const body = new URLSearchParams({ intent: "save", fullName: "Trần\u0000 Văn B", phone: "0905\u0000123456" });
      await guarded.action({ request: new Request("http://app/people/new?next=%00a", { method: "POST", body }), params: {}, context: {} } as never);
      await guarded.loader({ request: new Request("http://app/people/new"), params: {}, context: {} } as never);
    });
    expect(seen[0]!.fields).toEqual({ intent: "save", fullName: "Trần Văn B", phone: "0905123456" });
    expect(new URL(seen[0]!.url).searchParams.get("next")).toBe("a");
    expect(seen[1]!.stripped).toEqual(["next", "fullName", "phone"]);

    // Multipart: text fields and the uploaded file's name; the file's bytes are untouched.
    await runInRequestScope(async () => {
      const form = new FormData();
      form.set("title", "Bài\u0000 1");
      form.set("file", new File([new Uint8Array([0, 1, 2])], "danh-sach\u0000.csv", { type: "text/csv" }));
      await guarded.action({ request: new Request("http://app/roster/import", { method: "POST", body: form }), params: {}, context: {} } as never);
    });
    expect(seen[2]!.fields).toEqual({ title: "Bài 1" });
    expect(seen[2]!.file).toBe("danh-sach.csv");

    // Clean input passes unchanged; a path parameter with a NUL is not found.
    await runInRequestScope(async () => {
      await guarded.action({ request: new Request("http://app/x", { method: "POST", body: new URLSearchParams({ q: "Đông Hà" }) }), params: {}, context: {} } as never);
      expect(strippedFields()).toEqual([]);
    });
    expect(seen[3]!.fields).toEqual({ q: "Đông Hà" });
    const notFound = await guarded.loader({ request: new Request("http://app/people/%00"), params: { personId: "\u0000" }, context: {} } as never).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(Response);
    expect((notFound as Response).status).toBe(404);
  });
});

describe("import cells with control characters", () => {
  const header = ["Họ và tên", "Ngày sinh", "Giới tính", "Số điện thoại", "Số CCCD", "Xã/phường", "Chức danh", "Ngày bắt đầu"];

  it("refuse their row, naming line and column (CSV)", async () => {
    const csv = [header.join(","), "Nguyễn Thị A,01/01/1990,Nữ,0905111222,,Phường Đông Hà,Cộng tác viên CTXH,", "Lê\u0000 Văn B,02/02/1991,Nam,0905111333,,Phường Đông Hà,Cộng tác viên CTXH,"].join("\n");
    const table = await readTable("ds.csv", new TextEncoder().encode(csv));
    expect(table.controlCells).toEqual([{ line: 3, column: "Họ và tên", char: "U+0000" }]);
    expect(table.rows[1]!.cells[0]).toBe("Lê Văn B");
    const parsed = parseRosterTable(table, [], "Tỉnh Quảng Trị", translator("vi"));
    const cellError = parsed.errors.find((e) => e.line === 3 && e.column === "Họ và tên");
    expect(cellError?.message).toContain("ký tự điều khiển không hợp lệ (U+0000");
    expect(parsed.rows.some((r) => r.line === 3)).toBe(false);
  });

  it("refuse their row, naming line and column (units CSV and JSON)", async () => {
    const csv = ["Mã,Tên,Cấp,Mã cấp trên", "99001,Xã Thử\u0001 Nghiệm,Xã,44", "99002,Xã Khác,Xã,44"].join("\n");
    const fromCsv = await readUnitFile("dv.csv", new TextEncoder().encode(csv));
    expect(fromCsv.units.map((u) => u.code)).toEqual(["99002"]);
    expect(fromCsv.errors).toContainEqual({ line: 2, field: "Tên", message: expect.stringContaining("U+0001") });

    const json = JSON.stringify([{ code: "98", name: "Tỉnh\u0000 Thử", communes: [] }]);
    const fromJson = await readUnitFile("dv.json", new TextEncoder().encode(json));
    expect(fromJson.units).toEqual([]);
    expect(fromJson.errors[0]!.message).toContain("ký tự điều khiển không hợp lệ (U+0000");
  });
});
