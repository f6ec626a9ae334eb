// Class 10 of decision 016: a YAML alias bomb ("billion laughs") in a course
// ZIP is refused with a Vietnamese message naming the file, in the calling
// thread as in the content worker, instead of throwing (HTTP 500).
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { readZip } from "~/authoring/zip.server";
import { importContent } from "~/content/import.server";
import { parseYaml, MAX_YAML_ALIAS_EXPANSIONS } from "~/content/source-file.server";
import { exportCourseZip, importCourseZip } from "~/models/authoring.server";
import { withTestDatabase } from "../support/db";
import { demoActor, seedDemoData } from "../support/fixtures";

withTestDatabase();

let trainer: Awaited<ReturnType<typeof demoActor>>;
beforeAll(async () => {
  await seedDemoData();
  await importContent();
  trainer = await demoActor("qt-trainer");
}, 60_000);

/** Nine levels of nine aliases each: 9^9 ≈ 387 million strings if expanded. */
function aliasBomb() {
  const lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(", ")}]`);
  return lines.join("\n");
}

describe("YAML aliases", () => {
  it("expands a few aliases as before", () => {
    const result = parseYaml("base: &b { minutes: 10 }\nother: *b\n", "x.yaml");
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.yaml.data).toEqual({ base: { minutes: 10 }, other: { minutes: 10 } });
  });

  it("refuses an alias bomb with a Vietnamese message instead of throwing", () => {
    const result = parseYaml(aliasBomb(), "courses/x/quiz.yaml", 2);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatchObject({ file: "courses/x/quiz.yaml", line: 2 });
      expect(result.errors[0]!.message).toContain(`mở rộng quá ${MAX_YAML_ALIAS_EXPANSIONS} lần`);
    }
  });

  it("refuses an alias to no anchor", () => {
    const result = parseYaml("a: *missing\n", "x.yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toContain("không trỏ tới neo");
  });

  it("a course ZIP whose quiz.yaml is an alias bomb is refused, naming the file", async () => {
    const exported = (await exportCourseZip(trainer, "bvte-cong-dong"))!;
    const files = readZip(exported.bytes);
    if (!files.ok) throw new Error(files.error);
    const quiz = [...files.files.keys()].find((k) => k.endsWith("/quiz.yaml"))!;
    expect(quiz).toBeTruthy();
    files.files.set(quiz, new TextEncoder().encode(`${aliasBomb()}\n`));
    const result = await importCourseZip(trainer, zipSync(Object.fromEntries(files.files)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join("\n")).toMatch(/quiz\.yaml:\d+(:\d+)?: Lỗi YAML: bí danh .* mở rộng quá 100 lần/);
  }, 60_000);
});
