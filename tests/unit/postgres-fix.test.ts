// The driver patch (db/postgres-fix/hooks.js) still matches the installed
// `postgres`: if an upgrade changed those lines, this says so (decision 012).
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { patchConnectionSource } from "../../db/postgres-fix/hooks.js";

const pkgDir = path.resolve(import.meta.dirname, "../../node_modules/postgres");
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version as string;

describe.runIf(version.startsWith("3."))(`postgres ${version} patch`, () => {
  for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
    it(`applies the fixes to ${file}, once`, () => {
      const source = fs.readFileSync(path.join(pkgDir, file), "utf8");
      const first = patchConnectionSource(source);
      expect(first.missing).toEqual([]);
      expect(first.source).toContain("if (!socket) {");
      expect(first.source).toContain("chunk = nextWriteTimer = null\n");
      expect(first.source).toContain("query = errorResponse = results = null");
      expect(first.source).toContain("return fetchArrayTypes().catch(noop)");
      // Idempotent: patching patched source changes nothing.
      expect(patchConnectionSource(first.source)).toEqual({ source: first.source, missing: [] });
    });
  }
});
