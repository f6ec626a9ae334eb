// Port and data-directory checks before start-up, so a second `npm start`
// says in one line what is wrong instead of printing an EADDRINUSE stack.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

/** A start-up problem the operator can fix; server.js prints the message only. */
export class StartError extends Error {}

/**
 * The Vietnamese line for a listen error, or null for an unexpected one.
 * @param {NodeJS.ErrnoException} err
 * @param {number} port
 * @param {string} host
 */
export function listenErrorMessage(err, port, host) {
  if (err.code === "EADDRINUSE") {
    return `Không khởi động được: cổng ${port} đang có chương trình khác dùng (có thể CTXH Academy đang chạy rồi). Hãy tắt chương trình đó, hoặc chọn cổng khác, ví dụ: PORT=${port + 1} npm start`;
  }
  if (err.code === "EACCES") {
    return `Không khởi động được: không có quyền mở cổng ${port}. Hãy dùng cổng từ 1024 trở lên, ví dụ: PORT=3000 npm start`;
  }
  if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND") {
    return `Không khởi động được: máy này không có địa chỉ HOST=${host}. Bỏ biến HOST để nghe trên mọi địa chỉ (0.0.0.0).`;
  }
  return null;
}

/**
 * Fails with a StartError when the port cannot be bound. The real listen
 * handles the same errors; this only saves a start-up (migrations, seeding)
 * that could not serve anyway.
 */
export function assertPortFree(port, host) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err) => {
      const message = listenErrorMessage(err, port, host);
      reject(message ? new StartError(message) : err);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

const LOCK_FILE = "server.pid";

function processAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === "EPERM";
  }
  // A reused PID after a crash is some other program: only a node process counts.
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("node");
  } catch {
    return true;
  }
}

/**
 * PGlite's directory must have one process. Takes DATA_DIR/server.pid (a
 * stale one, whose process is gone, is taken over) and removes it at exit.
 * @param {string} dataDir
 */
export function lockDataDir(dataDir) {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== "EEXIST") throw err;
      const pid = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new StartError(
          `Không khởi động được: thư mục dữ liệu ${path.resolve(dataDir)} đang được một tiến trình khác dùng (PID ${pid}, có thể CTXH Academy đang chạy rồi). Hãy tắt tiến trình đó, hoặc dùng thư mục khác: DATA_DIR=./data-2 npm start`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  process.on("exit", () => {
    try {
      if (Number.parseInt(fs.readFileSync(file, "utf8"), 10) === process.pid) fs.rmSync(file);
    } catch {
      // already gone
    }
  });
}
