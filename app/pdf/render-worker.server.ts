// Bulk rendering off the event loop: a worker thread renders certificate PDFs
// for the bulk-download runner, so pages keep answering while a job of
// thousands runs (in the main thread each ~15 ms render was a slice the
// requests waited behind). The worker runs the server bundle itself (our
// server code is one Vite bundle: no second entry to build); a module-level
// check below turns that copy into the renderer. From source (tests, dev
// server) there is no bundle to start, and rendering stays in this thread.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { openCertificatesPdf, renderCertificatePdf, type CertificatePdfInput } from "./certificate.server";

const ROLE = "ctxh-certificate-pdf-worker";
const IDLE_MS = 60_000;

type Task = { kind: "many"; inputs: CertificatePdfInput[] } | { kind: "file"; file: string; title: string; author: string; inputs: CertificatePdfInput[] };
type Job = Task & { id: number };
type Reply =
  | { id: number; kind: "many"; pdfs: Uint8Array[] }
  | { id: number; kind: "progress"; done: number }
  | { id: number; kind: "file" }
  | { id: number; kind: "error"; message: string };

/** Writes a multi-page PDF to `file`, reporting progress every 50 pages. */
async function writePdfFile(file: string, title: string, author: string, inputs: CertificatePdfInput[], onProgress: (done: number) => void) {
  const out = fs.createWriteStream(file);
  const written = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  // Pages are added across turns of the event loop: this document keeps fonts of its own.
  const { doc, add } = openCertificatesPdf(title, author, { ownFonts: true });
  doc.pipe(out);
  for (const [i, input] of inputs.entries()) {
    add(input);
    if ((i + 1) % 50 === 0) {
      onProgress(i + 1);
      await new Promise((r) => setImmediate(r));
    }
  }
  doc.end();
  await written;
}

// --- In the worker thread -------------------------------------------------
if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE) {
  const port = parentPort!;
  port.on("message", async (job: Job) => {
    try {
      if (job.kind === "many") {
        const pdfs: Uint8Array[] = [];
        for (const input of job.inputs) pdfs.push(new Uint8Array(await renderCertificatePdf(input)));
        port.postMessage({ id: job.id, kind: "many", pdfs } satisfies Reply, pdfs.map((p) => p.buffer as ArrayBuffer));
      } else {
        await writePdfFile(job.file, job.title, job.author, job.inputs, (done) => port.postMessage({ id: job.id, kind: "progress", done } satisfies Reply));
        port.postMessage({ id: job.id, kind: "file" } satisfies Reply);
      }
    } catch (err) {
      port.postMessage({ id: job.id, kind: "error", message: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}

// --- In the server ----------------------------------------------------------
let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void; onProgress?: (done: number) => void }>();

/** The built bundle this module is part of, or null when running from source. */
function bundleFile(): string | null {
  const file = fileURLToPath(import.meta.url);
  return file.endsWith(".js") && fs.existsSync(file) ? file : null;
}

function failAll(error: Error) {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function getWorker(file: string): Worker {
  if (!worker) {
    const w = new Worker(file, { workerData: { role: ROLE } });
    w.unref();
    w.on("message", (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      if (reply.kind === "progress") return p.onProgress?.(reply.done);
      pending.delete(reply.id);
      if (reply.kind === "error") p.reject(new Error(reply.message));
      else p.resolve(reply);
    });
    w.on("error", (err) => failAll(err));
    w.on("exit", () => {
      if (worker === w) worker = null;
      failAll(new Error("PDF worker stopped"));
    });
    worker = w;
  }
  if (idle) clearTimeout(idle);
  return worker;
}

function whenIdle() {
  if (idle) clearTimeout(idle);
  // A worker holds a copy of the app in memory: let it go between jobs.
  idle = setTimeout(() => {
    if (pending.size === 0) void stopRenderWorker();
  }, IDLE_MS);
  idle.unref();
}

function send(file: string, task: Task, onProgress?: (done: number) => void): Promise<Reply> {
  const id = nextId++;
  const w = getWorker(file);
  return new Promise<Reply>((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
    w.postMessage({ ...task, id } satisfies Job);
  }).finally(whenIdle);
}

/** PDFs of several certificates (one file each), rendered in the worker when there is one. */
export async function renderCertificatePdfs(inputs: CertificatePdfInput[]): Promise<Uint8Array[]> {
  const file = bundleFile();
  if (!file) {
    const out: Uint8Array[] = [];
    for (const input of inputs) {
      out.push(await renderCertificatePdf(input));
      await new Promise((r) => setImmediate(r));
    }
    return out;
  }
  const reply = await send(file, { kind: "many", inputs });
  return reply.kind === "many" ? reply.pdfs : [];
}

/** One multi-page PDF written to `path`, in the worker when there is one. */
export async function writeCertificatesPdfFile(path: string, title: string, author: string, inputs: CertificatePdfInput[], onProgress: (done: number) => void) {
  const file = bundleFile();
  if (!file) return writePdfFile(path, title, author, inputs, onProgress);
  await send(file, { kind: "file", file: path, title, author, inputs }, onProgress);
}

export async function stopRenderWorker() {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
