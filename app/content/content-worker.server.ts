// Authored content is parsed and compiled in a worker thread with a hard
// time and memory limit. Markdown parsers and YAML are synchronous: a
// hostile lesson that takes minutes would otherwise hold the event loop (and
// every other user's request) for as long, and a timer in the same thread
// never fires. A worker that overruns is terminated, not awaited, and the
// next task gets a fresh one (docs/decisions/016-threat-model.md).
//
// As with the PDF renderer, the worker runs the server bundle itself; from
// source (tests, scripts, the dev server) there is no bundle, and the work
// runs in this thread, bounded only by the guard's shape limits.
import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { buildContentHere, type BuiltContent } from "./build-content.server";
import { compileMdxHere, type CompileResult } from "./compile-mdx.server";
import { memoryFs } from "./load-content.server";
import { logger } from "~/logger.server";

const ROLE = "ctxh-content-worker";
/** Wall time one task may take before its worker is killed. */
export const CONTENT_TIME_LIMIT_MS = 10_000;
/** Heap of the worker: a YAML alias bomb or a giant tree stops here. */
const WORKER_HEAP_MB = 256;
const IDLE_MS = 60_000;

type Task =
  | { kind: "compile"; source: string; lineOffset?: number }
  | { kind: "build"; root: string; files: [string, string][] };
type Job = Task & { id: number };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export class ContentLimitError extends Error {
  constructor(readonly reason: "time" | "memory" | "crash") {
    super(
      reason === "time"
        ? `Xử lý quá ${CONTENT_TIME_LIMIT_MS / 1000} giây: nội dung quá phức tạp. Hãy chia bài học thành nhiều đoạn hoặc nhiều bài, bỏ bớt ký hiệu định dạng lặp lại.`
        : reason === "memory"
          ? "Nội dung cần quá nhiều bộ nhớ để xử lý (có thể do YAML lặp tham chiếu hoặc khối lồng nhau quá lớn). Không có gì được lưu."
          : "Không xử lý được nội dung này. Không có gì được lưu.",
    );
  }
}

// --- In the worker thread -------------------------------------------------
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort!;
  // On Linux a thread has its own nice value (pid 0 is the calling thread):
  // authors' compiles yield the CPU to the threads answering requests.
  try {
    os.setPriority(0, 19);
  } catch {
    // not permitted or not supported: the time limit still holds
  }
  port.on("message", async (job: Job) => {
    try {
      const value =
        job.kind === "compile"
          ? await compileMdxHere(job.source, { lineOffset: job.lineOffset })
          : await buildContentHere(job.root, memoryFs(new Map(job.files), job.root));
      port.postMessage({ id: job.id, ok: true, value } satisfies Reply);
    } catch (err) {
      port.postMessage({ id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}

// --- In the server ----------------------------------------------------------
/** The built bundle this module is part of, or null when running from source. */
function bundleFile(): string | null {
  const file = fileURLToPath(import.meta.url);
  return file.endsWith(".js") && fs.existsSync(file) ? file : null;
}

/** True where tasks go to a worker (the production server's main thread). */
export function usesContentWorker(): boolean {
  return isMainThread && bundleFile() !== null;
}

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 1;
// One task at a time: a hostile author can hold at most one core, for at most the time limit.
let chain: Promise<unknown> = Promise.resolve();

function run<T>(task: Task): Promise<T> {
  const result = chain.then(() => runNow<T>(task));
  chain = result.catch(() => undefined);
  return result;
}

function runNow<T>(task: Task): Promise<T> {
  const file = bundleFile()!;
  if (idle) clearTimeout(idle);
  if (!worker) {
    const created = new Worker(file, { workerData: { role: ROLE }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    created.unref();
    // Always listened to: an 'error' with no listener would end the whole
    // server, and a worker can still report one (heap limit reached) after
    // its task was already given up and it is being terminated.
    created.on("error", (err: Error & { code?: string }) => logger.warn({ event: "content.worker.error", code: err.code }, "content worker stopped"));
    created.on("exit", () => {
      if (worker === created) worker = null;
    });
    worker = created;
  }
  const w = worker;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
      fn();
      idle = setTimeout(() => void stopContentWorker(), IDLE_MS);
      idle.unref();
    };
    const kill = (reason: ContentLimitError["reason"]) => {
      if (worker === w) worker = null;
      void w.terminate();
      finish(() => reject(new ContentLimitError(reason)));
    };
    const timer = setTimeout(() => kill("time"), CONTENT_TIME_LIMIT_MS);
    const onMessage = (reply: Reply) => {
      if (reply.id !== id) return;
      finish(() => (reply.ok ? resolve(reply.value as T) : reject(new Error(reply.message))));
    };
    const onError = (err: Error & { code?: string }) => kill(err.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crash");
    const onExit = () => {
      if (worker === w) worker = null;
      finish(() => reject(new ContentLimitError("crash")));
    };
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
    w.postMessage({ ...task, id } satisfies Job);
  });
}

export async function stopContentWorker() {
  const w = worker;
  worker = null;
  if (idle) clearTimeout(idle);
  await w?.terminate();
}

export function compileInWorker(source: string, lineOffset?: number): Promise<CompileResult> {
  return run<CompileResult>({ kind: "compile", source, lineOffset });
}

export function buildInWorker(root: string, files: ReadonlyMap<string, string>): Promise<BuiltContent> {
  return run<BuiltContent>({ kind: "build", root, files: [...files] });
}
