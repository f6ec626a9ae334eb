// Realistic Vietnamese names for demo and benchmark data, generated from a
// seeded random source so runs are reproducible.

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lương", "Cao"];
const MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Phương", "Hồng"];
const MIDDLE_M = ["Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Công", "Đình"];
const GIVEN_F = ["Mai", "Lan", "Hường", "Hoa", "Hạnh", "Thảo", "Trang", "Linh", "Ngọc Ánh", "Hương", "Nhung", "Phượng", "Yến", "Thuỷ", "Dung", "Loan", "Hằng", "Giang", "Vân", "Oanh"];
const GIVEN_M = ["Hùng", "Dũng", "Bảo", "Tuấn", "Minh", "Nam", "Hải", "Sơn", "Long", "Phúc", "Quang", "Thắng", "Trung", "Vĩnh", "Khoa", "Tài", "Hiếu", "Lộc", "Thành", "Bình"];

/** Mulberry32: a tiny seeded PRNG. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

export function randomPerson(rand: () => number) {
  const female = rand() < 0.62; // most commune collaborators are women
  const fullName = [pick(rand, FAMILY), pick(rand, female ? MIDDLE_F : MIDDLE_M), pick(rand, female ? GIVEN_F : GIVEN_M)].join(" ");
  const year = 1965 + Math.floor(rand() * 38);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  const birthDate = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  const prefix = pick(rand, ["03", "05", "07", "08", "09"]);
  const phone = prefix + String(Math.floor(rand() * 1e8)).padStart(8, "0");
  return { fullName, gender: (female ? "female" : "male") as "female" | "male", birthDate, phone };
}
