// Vietnamese names are written family name first ("Nguyễn Thị Mai"); lists
// are sorted by the given name (last word), then by the rest.

const collator = new Intl.Collator("vi", { sensitivity: "base" });

export function normalizeName(input: string): string {
  return input.normalize("NFC").replace(/\s+/g, " ").trim();
}

export function givenName(fullName: string): string {
  const parts = normalizeName(fullName).split(" ");
  return parts[parts.length - 1] ?? "";
}

export function compareVietnameseNames(a: string, b: string): number {
  const byGiven = collator.compare(givenName(a), givenName(b));
  return byGiven !== 0 ? byGiven : collator.compare(normalizeName(a), normalizeName(b));
}

export function sortByVietnameseName<T>(items: T[], name: (item: T) => string): T[] {
  return [...items].sort((x, y) => compareVietnameseNames(name(x), name(y)));
}
