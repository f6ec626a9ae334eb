import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/lib/safe-redirect";

describe("safeRedirect", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(safeRedirect("/learn")).toBe("/learn");
    expect(safeRedirect("/courses/1/lessons/2?x=1#top")).toBe("/courses/1/lessons/2?x=1#top");
    expect(safeRedirect("/tìm-kiếm?q=Nguyễn")).toBe("/t%C3%ACm-ki%E1%BA%BFm?q=Nguy%E1%BB%85n");
  });

  it("falls back for anything a browser could resolve to another origin", () => {
    const hostile = [
      "//evil.example/x",
      "/\\evil.example/x",
      "\\\\evil.example",
      "/\t/evil.example/x",
      "/\n/evil.example/x",
      "/\r/evil.example/x",
      "/%09/evil.example/x".replace("%09", "\t"),
      "https://evil.example/",
      "javascript:alert(1)",
      " /learn",
      "/ /evil.example",
      "/\u3000/evil.example",
      "/\u00a0/evil.example",
      "/\u0000/learn",
      "/learn\u0000",
      "/learn\r\nSet-Cookie: a=b",
      "/\u2028/evil",
      "",
      "learn",
      "/" + "a".repeat(5000),
    ];
    for (const value of hostile) expect(safeRedirect(value), JSON.stringify(value)).toBe("/");
  });

  it("uses the given fallback and ignores files and missing values", () => {
    expect(safeRedirect(null, "/home")).toBe("/home");
    expect(safeRedirect(undefined)).toBe("/");
    expect(safeRedirect(new File(["x"], "x.txt"))).toBe("/");
  });

  it("never returns a value that starts a protocol-relative URL or holds a control character", () => {
    // A sweep over short strings from a hostile alphabet: whatever comes
    // back is a plain same-origin path.
    const alphabet = ["/", "\\", "\t", "\n", ".", "e", "%", "2", "f", ":", "@", "?", "#", "\u3000"];
    let count = 0;
    const walk = (prefix: string, depth: number) => {
      if (depth === 0) return;
      for (const ch of alphabet) {
        const value = prefix + ch;
        const out = safeRedirect(value);
        count++;
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(out.startsWith("/\\")).toBe(false);
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0020\u007f-\u009f]/.test(out)).toBe(false);
        expect(new URL(out, "http://app.invalid").origin).toBe("http://app.invalid");
        walk(value, depth - 1);
      }
    };
    walk("", 4);
    expect(count).toBeGreaterThan(30_000);
  });
});
