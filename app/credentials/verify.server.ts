// The verdict behind "Kiểm tra chứng nhận": five independent checks, each
// with a Vietnamese message that names what failed, so a person can tell a
// forged certificate from an expired or revoked one.
import { CredentialIssuancePurpose, _checkCredential } from "@digitalbazaar/vc";
import type { VerificationResult } from "jsonld-signatures";
import { formatDate } from "~/lib/dates";
import { VC_V2_CONTEXT_URL, OfflineDocumentError, documentLoader as bundledLoader, type DocumentLoader } from "./contexts.server";
import { parseDateTimeStamp } from "./datetime.server";
import { issuerIdOf } from "./issue.server";
import { CRYPTOSUITE, PROOF_TYPE, verifyProof } from "./proof.server";
import { getStatus } from "./status-list.server";

export type CheckName = "format" | "signature" | "issuer" | "validity" | "revocation";
export interface Check {
  name: CheckName;
  ok: boolean;
  message: string;
}

/** What the credential claims (shown next to the verdict; trust it only if ok). */
export interface CredentialSummary {
  id?: string;
  name?: string;
  issuerId?: string;
  issuerName?: string;
  holderName?: string;
  achievementName?: string;
  hours?: number;
  validFrom?: string;
  validUntil?: string;
}

export interface VerifyOptions {
  /** The issuers this deployment recognizes, by DID (all of its keys, old and new). */
  trustedIssuers: (did: string) => { name: string } | null;
  /** Returns the status list credential published at `url` (from the app's own store), or null. */
  fetchStatusList: (url: string) => Promise<unknown>;
  now?: Date;
  /** Needed for did:web issuers: createDocumentLoader({ didDocuments }). */
  documentLoader?: DocumentLoader;
  /** The credential as issued, by id, so a failed signature can name the changed fields. */
  original?: (id: string) => Promise<unknown>;
}

export interface VerifyResult {
  ok: boolean;
  checks: Check[];
  credential: CredentialSummary | null;
}

// Our credentials are a few kilobytes; a cap keeps JSON-LD processing of
// uploads cheap and bounded.
export const MAX_CREDENTIAL_CHARS = 256 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function parse(json: unknown): { document?: Json; error?: string } {
  let value = json;
  if (typeof json === "string") {
    if (json.length > MAX_CREDENTIAL_CHARS) return { error: "Tệp quá lớn để là một chứng nhận." };
    try {
      value = JSON.parse(json);
    } catch {
      return { error: "Không đọc được nội dung: đây không phải JSON hợp lệ." };
    }
  } else {
    try {
      if ((JSON.stringify(json)?.length ?? 0) > MAX_CREDENTIAL_CHARS) return { error: "Tệp quá lớn để là một chứng nhận." };
    } catch {
      return { error: "Không đọc được nội dung: đây không phải JSON hợp lệ." };
    }
  }
  if (!isObject(value)) return { error: "Nội dung không phải một chứng nhận số (cần một đối tượng JSON)." };
  return { document: value };
}

const MAX_DEPTH = 32;

/** Finds what the format check refuses in the structure; bounded, so deep input cannot overflow the stack. */
function structureProblem(value: unknown, depth = 0): "nested-context" | "too-deep" | null {
  if (depth > MAX_DEPTH) return "too-deep";
  if (depth > 0 && isObject(value) && "@context" in value) return "nested-context";
  const children = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
  for (const child of children) {
    const problem = structureProblem(child, depth + 1);
    if (problem) return problem;
  }
  return null;
}

async function checkFormat(doc: Json, loader: DocumentLoader): Promise<Check> {
  const fail = (message: string): Check => ({ name: "format", ok: false, message });
  const contexts = asArray(doc["@context"]);
  if (contexts[0] !== VC_V2_CONTEXT_URL) {
    return fail(`Không đúng chuẩn W3C Verifiable Credentials 2.0: @context phải bắt đầu bằng ${VC_V2_CONTEXT_URL}.`);
  }
  // Only known context URLs: an inline or nested @context could rename terms,
  // so the JSON a person reads would no longer be the data that was signed.
  const problem = structureProblem(doc);
  if (problem === "too-deep") return fail("Nội dung lồng nhau quá nhiều tầng, không phải một chứng nhận.");
  if (contexts.some((context) => typeof context !== "string") || problem === "nested-context") {
    return fail("Chứng nhận có ngữ cảnh JSON-LD nhúng (@context dạng đối tượng), hệ thống không chấp nhận.");
  }
  for (const context of contexts as string[]) {
    try {
      await loader(context);
    } catch {
      return fail(`Chứng nhận dùng ngữ cảnh JSON-LD không được hỗ trợ: ${context}.`);
    }
  }
  try {
    // mode "issue": structure only; dates are the validity check's job.
    _checkCredential({ credential: doc, mode: "issue" });
  } catch (error) {
    return fail(`Không đúng chuẩn W3C Verifiable Credentials 2.0 (${(error as Error).message}).`);
  }
  const types = asArray(doc.type);
  const isBadge = types.includes("OpenBadgeCredential") || types.includes("AchievementCredential");
  if (isBadge) {
    const subject = asArray(doc.credentialSubject)[0];
    if (!isObject(subject) || !isObject(subject.achievement)) {
      return fail("Không đúng chuẩn Open Badges 3.0: thiếu thông tin thành tích (credentialSubject.achievement).");
    }
  }
  return {
    name: "format",
    ok: true,
    message: isBadge ? "Đúng định dạng Open Badges 3.0 (W3C Verifiable Credentials 2.0)." : "Đúng định dạng W3C Verifiable Credentials 2.0.",
  };
}

/** Every error jsonld-signatures reports, including nested causes. */
function collectErrors(result: VerificationResult): Error[] {
  const found: Error[] = [];
  const visit = (error: unknown, depth = 0) => {
    if (!(error instanceof Error) || depth > 5 || found.includes(error)) return;
    found.push(error);
    const e = error as Error & { errors?: unknown[]; cause?: unknown; details?: { cause?: unknown } };
    e.errors?.forEach((inner) => visit(inner, depth + 1));
    visit(e.cause, depth + 1);
    visit(e.details?.cause, depth + 1);
  };
  visit(result.error);
  for (const r of result.results ?? []) {
    visit(r.error);
    visit(r.purposeResult?.error);
  }
  return found;
}

// Where a field sits in a credential, in words a reader understands.
const FIELD_LABELS: Record<string, string> = {
  "credentialSubject.name": "họ tên người được cấp",
  "credentialSubject.identifier": "thông tin định danh người được cấp",
  "credentialSubject.achievement.name": "tên khoá học",
  "credentialSubject.achievement.description": "mô tả khoá học",
  "credentialSubject.achievement.creditsAvailable": "số giờ học",
  "credentialSubject.achievement.criteria.narrative": "tiêu chí đạt",
  validFrom: "ngày cấp / bắt đầu hiệu lực",
  validUntil: "ngày hết hạn",
  name: "tên chứng nhận",
  issuer: "bên cấp",
  credentialStatus: "thông tin thu hồi",
  proof: "chữ ký",
};

function label(path: string): string {
  for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const key = p.replace(/\.\d+(?=\.|$)/g, "");
    if (FIELD_LABELS[key]) return `${FIELD_LABELS[key]} (${path})`;
  }
  return path;
}

/** Paths whose values differ between two JSON values (e.g. "credentialSubject.name"). */
export function changedFields(original: unknown, presented: unknown, path = ""): string[] {
  if (isObject(original) && isObject(presented)) {
    const keys = [...new Set([...Object.keys(original), ...Object.keys(presented)])].sort();
    return keys.flatMap((key) => changedFields(original[key], presented[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(original) && Array.isArray(presented)) {
    const length = Math.max(original.length, presented.length);
    return Array.from({ length }, (_, i) => changedFields(original[i], presented[i], `${path}.${i}`)).flat();
  }
  return JSON.stringify(original) === JSON.stringify(presented) ? [] : [path || "(toàn bộ)"];
}

async function tamperDetail(doc: Json, options: VerifyOptions): Promise<string> {
  const id = str(doc.id);
  if (!id || !options.original) return "";
  const original = await options.original(id).catch(() => null);
  if (!isObject(original)) return "";
  const changed = changedFields(original, doc);
  if (changed.length === 0) return "";
  const shown = changed.slice(0, 5).map(label);
  return ` Khác với bản đã cấp ở: ${shown.join("; ")}${changed.length > 5 ? `; và ${changed.length - 5} chỗ khác` : ""}.`;
}

async function checkSignature(doc: Json, loader: DocumentLoader, options: VerifyOptions): Promise<Check> {
  const fail = (message: string): Check => ({ name: "signature", ok: false, message: `Chữ ký không hợp lệ: ${message}` });
  const proofs = asArray(doc.proof);
  if (proofs.length === 0) return fail("chứng nhận không có chữ ký số (proof).");
  const unsupported = proofs.find((p) => !isObject(p) || p.type !== PROOF_TYPE || p.cryptosuite !== CRYPTOSUITE);
  if (unsupported) return fail(`chỉ chấp nhận chữ ký ${PROOF_TYPE} theo bộ mã ${CRYPTOSUITE}.`);

  const result = await verifyProof(doc, { documentLoader: loader, purpose: new CredentialIssuancePurpose() });
  if (result.verified) {
    const method = str((proofs[0] as Json).verificationMethod) ?? "";
    return { name: "signature", ok: true, message: `Chữ ký hợp lệ: nội dung không bị sửa đổi kể từ khi ký (khoá ${method}).` };
  }

  const errors = collectErrors(result);
  const has = (text: string) => errors.some((e) => e.message.includes(text));
  const offline = errors.find((e): e is OfflineDocumentError => e instanceof OfflineDocumentError || e.name === "OfflineDocumentError");
  if (has("Invalid signature")) {
    return fail(`nội dung chứng nhận đã bị sửa sau khi ký.${await tamperDetail(doc, options)}`);
  }
  if (has("issuer must match the verification method controller")) {
    return fail(`chứng nhận được ký bằng khoá không thuộc bên cấp ghi trên chứng nhận (${issuerIdOf(doc) ?? "không rõ"}).`);
  }
  if (has("not authorized by controller")) {
    return fail("khoá ký không được bên cấp công bố để ký chứng nhận.");
  }
  if (offline?.url.startsWith("did:")) {
    return fail(`không tìm thấy khoá công khai ${offline.url} (chỉ chấp nhận did:key hoặc did:web của hệ thống).`);
  }
  if (has("Safe mode validation error")) {
    // What we sign always canonicalizes cleanly, so this is an edit too.
    return fail(`nội dung chứng nhận đã bị sửa sau khi ký (có trường dữ liệu không thuộc chuẩn).${await tamperDetail(doc, options)}`);
  }
  return fail(`không kiểm tra được chữ ký (${errors[0]?.message ?? "lỗi không rõ"}).`);
}

function checkIssuer(doc: Json, options: VerifyOptions): Check {
  const issuerId = issuerIdOf(doc);
  const claimedName = isObject(doc.issuer) ? str(doc.issuer.name) : undefined;
  const trusted = issuerId ? options.trustedIssuers(issuerId) : null;
  if (!issuerId || !trusted) {
    const who = claimedName ? `“${claimedName}” (${issuerId})` : issuerId ?? "không rõ";
    return { name: "issuer", ok: false, message: `Bên cấp không được công nhận: ${who} không có trong danh sách đơn vị cấp chứng nhận của hệ thống.` };
  }
  return { name: "issuer", ok: true, message: `Bên cấp được công nhận: ${trusted.name}.` };
}

const day = (date: Date) => formatDate(date);

function checkValidity(doc: Json, now: Date): Check {
  const fail = (message: string): Check => ({ name: "validity", ok: false, message });
  const from = doc.validFrom === undefined ? undefined : parseDateTimeStamp(doc.validFrom);
  const until = doc.validUntil === undefined ? undefined : parseDateTimeStamp(doc.validUntil);
  if (from === null) return fail(`Ngày bắt đầu hiệu lực không hợp lệ: ${String(doc.validFrom)}.`);
  if (until === null) return fail(`Ngày hết hạn không hợp lệ: ${String(doc.validUntil)}.`);
  if (from && now < from) return fail(`Chứng nhận chưa có hiệu lực: hiệu lực từ ngày ${day(from)}.`);
  if (until && now > until) return fail(`Chứng nhận đã hết hạn ngày ${day(until)}.`);
  const since = from ? ` từ ngày ${day(from)}` : "";
  return { name: "validity", ok: true, message: `Còn hiệu lực${since}${until ? ` đến ngày ${day(until)}` : ", không thời hạn"}.` };
}

async function checkStatusEntry(doc: Json, entry: Json, loader: DocumentLoader, options: VerifyOptions, now: Date): Promise<Check> {
  const fail = (message: string): Check => ({ name: "revocation", ok: false, message });
  const cannot = (why: string) => fail(`Không kiểm tra được tình trạng thu hồi: ${why}`);
  const url = str(entry.statusListCredential);
  const indexText = str(entry.statusListIndex);
  const purpose = str(entry.statusPurpose);
  if (entry.type !== "BitstringStatusListEntry") return cannot(`không hỗ trợ kiểu trạng thái ${String(entry.type)}.`);
  if (!url || !indexText || !/^\d+$/.test(indexText) || (purpose !== "revocation" && purpose !== "suspension")) {
    return cannot("thông tin trạng thái (credentialStatus) không đầy đủ.");
  }
  const list = await options.fetchStatusList(url).catch(() => null);
  if (!isObject(list)) return cannot(`không tải được danh sách trạng thái ${url}.`);
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (list.id !== url || !asArray(list.type).includes("BitstringStatusListCredential") || subject.type !== "BitstringStatusList") {
    return cannot(`${url} không phải danh sách trạng thái hợp lệ.`);
  }
  if (issuerIdOf(list) !== issuerIdOf(doc)) return cannot("danh sách trạng thái không do cùng bên cấp phát hành.");
  if (subject.statusPurpose !== purpose) return cannot("mục đích của danh sách trạng thái không khớp.");
  const verified = await verifyProof(list, { documentLoader: loader, purpose: new CredentialIssuancePurpose() }).catch(() => null);
  if (!verified?.verified) return cannot("chữ ký của danh sách trạng thái không hợp lệ.");
  const listUntil = parseDateTimeStamp(list.validUntil);
  if (listUntil && now > listUntil) return cannot(`danh sách trạng thái đã hết hạn ngày ${day(listUntil)}.`);

  let set: boolean;
  try {
    set = await getStatus(String(subject.encodedList), Number(indexText));
  } catch {
    return cannot("không đọc được danh sách trạng thái hoặc vị trí của chứng nhận nằm ngoài danh sách.");
  }
  if (set) return fail(purpose === "revocation" ? "Chứng nhận đã bị thu hồi." : "Chứng nhận đang bị tạm đình chỉ.");
  const listFrom = parseDateTimeStamp(list.validFrom);
  const asOf = listFrom ? ` (theo danh sách cập nhật ngày ${day(listFrom)})` : "";
  return { name: "revocation", ok: true, message: `Chứng nhận chưa bị thu hồi${asOf}.` };
}

async function checkRevocation(doc: Json, loader: DocumentLoader, options: VerifyOptions, now: Date): Promise<Check> {
  const entries = asArray(doc.credentialStatus);
  if (entries.length === 0) return { name: "revocation", ok: true, message: "Chứng nhận không khai báo danh sách thu hồi." };
  const checks: Check[] = [];
  for (const entry of entries) {
    checks.push(isObject(entry) ? await checkStatusEntry(doc, entry, loader, options, now) : { name: "revocation", ok: false, message: "Thông tin thu hồi không hợp lệ." });
  }
  return checks.find((c) => !c.ok) ?? checks[0]!;
}

function summarize(doc: Json): CredentialSummary {
  const subject = asArray(doc.credentialSubject).find(isObject) ?? {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const nameIdentity = asArray(subject.identifier).find((i) => isObject(i) && i.identityType === "name" && i.hashed === false);
  const holderName = str(subject.name) ?? (isObject(nameIdentity) ? str(nameIdentity.identityHash) : undefined);
  const hours = achievement.creditsAvailable;
  return {
    id: str(doc.id),
    name: str(doc.name),
    issuerId: issuerIdOf(doc),
    issuerName: isObject(doc.issuer) ? str(doc.issuer.name) : undefined,
    holderName,
    achievementName: str(achievement.name),
    hours: typeof hours === "number" ? hours : undefined,
    validFrom: str(doc.validFrom),
    validUntil: str(doc.validUntil),
  };
}

const NOT_CHECKED: CheckName[] = ["signature", "issuer", "validity", "revocation"];

export async function verifyCredential(json: unknown, options: VerifyOptions): Promise<VerifyResult> {
  const now = options.now ?? new Date();
  const loader = options.documentLoader ?? bundledLoader;
  const parsed = parse(json);
  const format = parsed.document ? await checkFormat(parsed.document, loader) : { name: "format" as const, ok: false, message: parsed.error! };
  if (!parsed.document || !format.ok) {
    const skipped = NOT_CHECKED.map((name): Check => ({ name, ok: false, message: "Chưa kiểm tra được vì tệp không đúng định dạng chứng nhận." }));
    return { ok: false, checks: [format, ...skipped], credential: parsed.document ? summarize(parsed.document) : null };
  }
  const doc = parsed.document;
  const checks: Check[] = [
    format,
    await checkSignature(doc, loader, options),
    checkIssuer(doc, options),
    checkValidity(doc, now),
    await checkRevocation(doc, loader, options, now),
  ];
  return { ok: checks.every((c) => c.ok), checks, credential: summarize(doc) };
}

