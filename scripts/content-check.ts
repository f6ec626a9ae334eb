// npm run content:check — validates and compiles content/ without a database.
// Prints each problem as path:line:column: message and exits 1 on any.
import { buildContent, contentStats, formatError } from "~/content/build-content.server";

const started = Date.now();
const { courses, errors, stats } = await buildContent(process.argv[2] ?? "content");
if (errors.length) {
  for (const e of errors) console.error(formatError(e));
  console.error(`\n${errors.length} lỗi trong nội dung khóa học.`);
  process.exit(1);
}
const hours = (minutes: number) => (minutes / 60).toFixed(1).replace(".", ",");
const lines = [
  `Nội dung hợp lệ (kiểm tra trong ${((Date.now() - started) / 1000).toFixed(1).replace(".", ",")} giây).`,
  `  Khóa học: ${stats.courses}`,
  `  Mô-đun: ${stats.modules}`,
  `  Bài học: ${stats.lessons}`,
  `  Bài kiểm tra: ${stats.quizzes}, câu hỏi: ${stats.questions}`,
  `  Số từ trong bài học: ${stats.words.toLocaleString("vi-VN")}`,
  `  Thời lượng bài học: ${hours(stats.minutes)} giờ (${stats.minutes} phút); số giờ khai báo: ${stats.declaredHours}`,
];
for (const course of courses) {
  const s = contentStats([course]);
  lines.push(
    `  · ${course.meta.id}: ${s.modules} mô-đun, ${s.lessons} bài, ${s.questions} câu hỏi, ${s.words.toLocaleString("vi-VN")} từ, ${hours(s.minutes)} giờ (khai báo ${course.meta.hours} giờ)`,
  );
}
console.log(lines.join("\n"));
