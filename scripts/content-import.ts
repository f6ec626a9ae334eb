// npm run content:import — validates, compiles and imports content/ into the
// database (DATABASE_URL or PGlite). Re-running it on unchanged files is a no-op.
import { closeDatabase } from "~/db.server";
import { formatError } from "~/content/build-content.server";
import { importContent } from "~/content/import.server";
import { connectForScript } from "./connect";

await connectForScript();
try {
  const result = await importContent(process.argv[2] ?? "content");
  if (!result.ok) {
    for (const e of result.errors) console.error(formatError(e));
    console.error(`\nKhông nhập được: ${result.errors.length} lỗi. Chưa có thay đổi nào được lưu.`);
    process.exitCode = 1;
  } else {
    for (const c of result.courses) {
      console.log(
        `${c.courseId} v${c.version} (#${c.versionId}): ${c.created ? "phiên bản mới" : "không đổi"} — ${c.lessons} bài, ${c.quizzes} bài kiểm tra, ${c.questions} câu hỏi, ${c.minutes} phút`,
      );
    }
  }
} finally {
  await closeDatabase();
}
