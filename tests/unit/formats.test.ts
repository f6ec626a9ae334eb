import { describe, expect, it } from "vitest";
import { formatDate, parseDate } from "~/lib/dates";
import { maskNationalId, normalizeNationalId } from "~/lib/national-id";
import { compareVietnameseNames, sortByVietnameseName } from "~/lib/names";
import { maskPhone, normalizePhone } from "~/lib/phone";

describe("Vietnamese mobile numbers", () => {
  it.each([
    ["0912345678", "0912345678"],
    ["0912 345 678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["+84912345678", "0912345678"],
    ["84912345678", "0912345678"],
    ["0312.345.678", "0312345678"],
    ["0583-123-456", "0583123456"],
  ])("accepts %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(["", "012345678", "0212345678", "091234567", "09123456789", "+1 912 345 678", "0612345678", "abc"])(
    "rejects %s",
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );

  it("masks all but the prefix and the last three digits", () => {
    expect(maskPhone("0912345678")).toBe("091****678");
  });
});

describe("national ID", () => {
  it("accepts exactly 12 digits and masks all but the last 3", () => {
    expect(normalizeNationalId("044 190 012 345")).toBe("044190012345");
    expect(normalizeNationalId("04419001234")).toBeNull();
    expect(maskNationalId("044190012345")).toBe("*********345");
  });
});

describe("dates", () => {
  it("parses dd/mm/yyyy and ISO, refuses impossible dates", () => {
    expect(parseDate("05/09/1990")).toBe("1990-09-05");
    expect(parseDate("5/9/1990")).toBe("1990-09-05");
    expect(parseDate("1990-09-05")).toBe("1990-09-05");
    expect(parseDate("31/02/2024")).toBeNull();
    expect(parseDate("29/02/2024")).toBe("2024-02-29");
    expect(parseDate("09/05")).toBeNull();
  });
  it("formats as dd/mm/yyyy", () => {
    expect(formatDate("2025-07-01")).toBe("01/07/2025");
    expect(formatDate(new Date("2025-06-30T18:30:00Z"))).toBe("01/07/2025"); // Vietnam is UTC+7
  });
});

describe("Vietnamese names", () => {
  it("sorts by given name first, with Vietnamese collation", () => {
    const names = ["Trần Văn Bảy", "Nguyễn Thị Ánh", "Lê Văn Anh", "Phạm Thị Đào", "Hồ Thị Dung"];
    expect(sortByVietnameseName(names, (n) => n)).toEqual([
      "Lê Văn Anh",
      "Nguyễn Thị Ánh",
      "Trần Văn Bảy",
      "Hồ Thị Dung",
      "Phạm Thị Đào",
    ]);
    expect(compareVietnameseNames("Nguyễn Văn An", "Trần Văn An")).toBeLessThan(0);
  });
});
