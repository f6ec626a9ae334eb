// The database schema. One file so drizzle-kit sees every table; the data
// access code lives in app/models/*.server.ts, one module per domain.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
};

// ---------------------------------------------------------------------------
// Administrative units

export const unitLevel = pgEnum("unit_level", ["province", "district", "commune"]);

export const adminUnits = pgTable(
  "admin_units",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    fullName: text("full_name").notNull(),
    // The official kind as written in the list: "Tỉnh", "Thành phố", "Xã",
    // "Phường", "Đặc khu", and in historical data "Huyện", "Quận", "Thị xã"…
    kind: text("kind").notNull(),
    level: unitLevel("level").notNull(),
    parentId: integer("parent_id"),
    // Materialised path of ids, "/12/345/": a scope covers a unit when the
    // unit's path starts with the scope's path.
    path: text("path").notNull(),
    provinceId: integer("province_id"),
    mergedIntoId: integer("merged_into_id"),
    mergedOn: date("merged_on"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("admin_units_code_uq").on(t.code),
    index("admin_units_parent_idx").on(t.parentId),
    index("admin_units_path_idx").on(sql`${t.path} text_pattern_ops`),
    index("admin_units_province_idx").on(t.provinceId),
  ],
);

// ---------------------------------------------------------------------------
// People (the roster) and login accounts

export const gender = pgEnum("gender", ["male", "female", "other"]);
export const position = pgEnum("position", ["ctv_ctxh", "cong_chuc_vhxh", "nhan_vien_ctxh", "other"]);
export const personStatus = pgEnum("person_status", ["active", "left"]);

export const people = pgTable(
  "people",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    fullName: text("full_name").notNull(),
    birthDate: date("birth_date"),
    gender: gender("gender"),
    // Normalised to 10 digits starting with 0.
    phone: text("phone"),
    nationalId: text("national_id"),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    position: position("position").notNull(),
    status: personStatus("status").notNull().default("active"),
    startedOn: date("started_on"),
    leftOn: date("left_on"),
    ...timestamps,
  },
  (t) => [
    index("people_commune_idx").on(t.communeId),
    index("people_phone_idx").on(t.phone),
    index("people_national_id_idx").on(t.nationalId),
  ],
);

export const accountStatus = pgEnum("account_status", ["pending", "active", "rejected", "disabled"]);

export const accounts = pgTable(
  "accounts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id").references(() => people.id),
    // Shown for accounts without a person (e.g. a system administrator).
    displayName: text("display_name").notNull(),
    phone: text("phone"),
    email: text("email"),
    passwordHash: text("password_hash"),
    status: accountStatus("status").notNull().default("pending"),
    locale: text("locale"),
    approvedBy: integer("approved_by"),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("accounts_phone_uq").on(t.phone),
    uniqueIndex("accounts_email_uq").on(sql`lower(${t.email})`),
    uniqueIndex("accounts_person_uq").on(t.personId),
    // Officers' home pages count pending registrations in their scope.
    index("accounts_pending_idx").on(t.personId).where(sql`status = 'pending'`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    // Hex SHA-256 of the token; the token itself is only ever in the cookie.
    id: text("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    // Idle deadline: slides forward with use (app/auth/session-policy.ts).
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    // Absolute deadline, set at sign-in from the account's roles; never slides.
    absoluteExpiresAt: timestamp("absolute_expires_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    userAgent: text("user_agent"),
    ip: text("ip"),
  },
  (t) => [index("sessions_account_idx").on(t.accountId)],
);

export const role = pgEnum("role", ["learner", "trainer", "commune_officer", "province_officer", "admin"]);

export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    role: role("role").notNull(),
    // The unit the role covers, with everything under it. Null only for the
    // system administrator, whose scope is the whole country.
    unitId: integer("unit_id").references(() => adminUnits.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [
    index("role_assignments_account_idx").on(t.accountId),
    uniqueIndex("role_assignments_uq").on(t.accountId, t.role, sql`coalesce(${t.unitId}, 0)`),
  ],
);

export const activationCodes = pgTable(
  "activation_codes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdBy: integer("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("activation_codes_hash_uq").on(t.codeHash), index("activation_codes_person_idx").on(t.personId)],
);

// Explicit, per-purpose consent (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).
export const consents = pgTable(
  "consents",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    // Version of the notice the person agreed to, so the text can be shown later.
    noticeVersion: text("notice_version").notNull(),
    givenAt: timestamp("given_at", { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    ip: text("ip"),
  },
  (t) => [index("consents_account_idx").on(t.accountId)],
);

// Failed-login counters live in the database so throttling holds across
// app instances.
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  // Per-IP back-off: the time the next attempt from this address may run
  // (each attempt reserves the slot after the previous one).
  nextSlotAt: timestamp("next_slot_at", { withTimezone: true }),
});

// Browsers that have signed in to an account (OWASP "device cookies"): the
// cookie holds a random token, this table its SHA-256. An attempt carrying one
// for the account it names skips the account lock and the IP back-off and has
// a lock of its own (login_throttle key "dev:<id>").
export const loginDevices = pgTable(
  "login_devices",
  {
    id: text("id").primaryKey(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_devices_account_idx").on(t.accountId)],
);

// ---------------------------------------------------------------------------
// Audit log: who did what, when, with before/after. Also records reads of
// personal data (action "person.pii_viewed").

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    // The unit the change belongs to, so officers see their scope's log only.
    unitId: integer("unit_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_unit_idx").on(t.unitId),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
  ],
);

export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  flag: boolean("flag").notNull().default(false),
});

export type AdminUnit = typeof adminUnits.$inferSelect;
export type Person = typeof people.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type Role = (typeof role.enumValues)[number];
export type Position = (typeof position.enumValues)[number];

// ---------------------------------------------------------------------------
// Courses and learning. Content is versioned: a course points at its current
// published version; each version holds its tree (modules, lessons, quizzes)
// as JSON and refers to compiled lessons by content hash. Learner records are
// keyed by stable ids from the content, so they survive edits.

export const courseStatus = pgEnum("course_status", ["draft", "published", "archived"]);

export const courses = pgTable("courses", {
  // Stable id from the course frontmatter, e.g. "ctxh-co-ban".
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  summary: text("summary").notNull().default(""),
  hours: integer("hours").notNull(),
  passMark: integer("pass_mark").notNull().default(70),
  maxAttempts: integer("max_attempts"),
  validityMonths: integer("validity_months"),
  selfEnroll: boolean("self_enroll").notNull().default(true),
  status: courseStatus("status").notNull().default("published"),
  currentVersionId: integer("current_version_id"),
  // "builtin" for content/ in the repository; "authored" for courses written in the browser.
  source: text("source").notNull().default("builtin"),
  sortOrder: integer("sort_order").notNull().default(0),
  ...timestamps,
});

export interface CourseTree {
  intro: string | null; // hash of the compiled course introduction
  modules: {
    id: string;
    title: string;
    summary: string;
    intro: string | null; // hash of the compiled module overview
    quizId: string | null;
    lessons: { id: string; title: string; summary: string; minutes: number; hash: string }[];
  }[];
}

export const courseVersions = pgTable(
  "course_versions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    version: text("version").notNull(),
    contentHash: text("content_hash").notNull(),
    tree: jsonb("tree").$type<CourseTree>().notNull(),
    totalMinutes: integer("total_minutes").notNull(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer("created_by"),
  },
  (t) => [uniqueIndex("course_versions_hash_uq").on(t.courseId, t.contentHash)],
);

// Compiled MDX, keyed by the hash of its source (and the compiler version):
// requests read it, they never compile.
export const mdxDocuments = pgTable("mdx_documents", {
  hash: text("hash").primaryKey(),
  // The mdx-bundler output, and the HTML rendered from it on the server.
  code: text("code").notNull(),
  html: text("html").notNull(),
  bytes: integer("bytes").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type QuestionType = "single" | "multiple" | "truefalse";
export interface QuizQuestion {
  id: string;
  type: QuestionType;
  text: string;
  options: { id: string; text: string; correct: boolean }[]; // truefalse: ids "true" / "false"
  explanation: string;
}

// Quizzes with their answer keys: read on the server only.
export const quizzes = pgTable(
  "quizzes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    versionId: integer("version_id")
      .notNull()
      .references(() => courseVersions.id),
    quizId: text("quiz_id").notNull(),
    moduleId: text("module_id").notNull(),
    title: text("title").notNull(),
    questions: jsonb("questions").$type<QuizQuestion[]>().notNull(),
  },
  (t) => [uniqueIndex("quizzes_version_quiz_uq").on(t.versionId, t.quizId)],
);

export const enrolments = pgTable(
  "enrolments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    source: text("source").notNull(), // "self" | "assigned"
    enrolledBy: integer("enrolled_by"),
    enrolledAt: timestamp("enrolled_at", { withTimezone: true }).notNull().defaultNow(),
    // Where "Tiếp tục học" resumes.
    lastLessonId: text("last_lesson_id"),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("enrolments_person_course_uq").on(t.personId, t.courseId), index("enrolments_course_idx").on(t.courseId)],
);

export const lessonProgress = pgTable(
  "lesson_progress",
  {
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id").notNull(),
    lessonId: text("lesson_id").notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.courseId, t.lessonId] }), index("lesson_progress_course_idx").on(t.courseId)],
);

export const quizAttempts = pgTable(
  "quiz_attempts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id").notNull(),
    versionId: integer("version_id").notNull(),
    quizId: text("quiz_id").notNull(),
    // A random nonce in the quiz form: a replayed or double-clicked submit
    // finds its attempt already submitted and changes nothing.
    nonce: text("nonce").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    answers: jsonb("answers").$type<Record<string, string[]>>(),
    correct: integer("correct"),
    total: integer("total"),
    score: integer("score"),
    passed: boolean("passed"),
    // 1, 2, 3… per learner and quiz, given when the attempt is graded. Unique,
    // and only given while below the course's limit: however submits
    // interleave, at most `max_attempts` attempts are graded (decision 012).
    attemptNo: integer("attempt_no"),
  },
  (t) => [
    uniqueIndex("quiz_attempts_nonce_uq").on(t.nonce),
    index("quiz_attempts_person_quiz_idx").on(t.personId, t.courseId, t.quizId),
    uniqueIndex("quiz_attempts_number_uq").on(t.personId, t.courseId, t.quizId, t.attemptNo),
    // One open (ungraded) attempt per learner, quiz and version: parallel
    // page loads share it instead of opening one each.
    uniqueIndex("quiz_attempts_open_uq").on(t.personId, t.courseId, t.quizId, t.versionId).where(sql`${t.submittedAt} is null`),
    check("quiz_attempts_number_ck", sql`(${t.submittedAt} is null) = (${t.attemptNo} is null) and (${t.attemptNo} is null or ${t.attemptNo} >= 1)`),
  ],
);

export const completionSource = pgEnum("completion_source", ["online", "class", "external"]);

// One row per person, course and validity cycle: what certificates and the
// training targets count.
export const courseCompletions = pgTable(
  "course_completions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    cycle: integer("cycle").notNull().default(1),
    versionId: integer("version_id"),
    version: text("version"),
    source: completionSource("source").notNull().default("online"),
    completedOn: date("completed_on").notNull(),
    completedAt: timestamp("completed_at", { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer("recorded_by"),
    evidence: text("evidence"),
  },
  (t) => [uniqueIndex("course_completions_uq").on(t.personId, t.courseId, t.cycle), index("course_completions_course_idx").on(t.courseId)],
);

// ---------------------------------------------------------------------------
// Certificates. One issuing body per province (name, place, signer, logo,
// serial prefix); serial and register numbers are allocated per body and
// year from a counter row locked in the issuing transaction: never reused,
// no gaps.

export const issuingBodies = pgTable(
  "issuing_bodies",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    // The province whose certificates this body signs.
    unitId: integer("unit_id")
      .notNull()
      .references(() => adminUnits.id),
    parentName: text("parent_name"),
    name: text("name").notNull(),
    place: text("place").notNull(),
    signerTitle: text("signer_title").notNull(),
    signerName: text("signer_name").notNull(),
    serialPrefix: text("serial_prefix").notNull(),
    logo: text("logo"), // data URL (PNG/JPEG), small
    ...timestamps,
  },
  (t) => [uniqueIndex("issuing_bodies_unit_uq").on(t.unitId), uniqueIndex("issuing_bodies_prefix_uq").on(t.serialPrefix)],
);

// Ed25519 keys of an issuing body, secret part encrypted with a key from the
// environment. Retired keys stay, so credentials they signed still verify.
export const issuerKeys = pgTable(
  "issuer_keys",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    issuingBodyId: integer("issuing_body_id")
      .notNull()
      .references(() => issuingBodies.id),
    did: text("did").notNull(),
    verificationMethod: text("verification_method").notNull(),
    publicKeyMultibase: text("public_key_multibase").notNull(),
    secretKeyEncrypted: text("secret_key_encrypted").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [index("issuer_keys_body_idx").on(t.issuingBodyId), uniqueIndex("issuer_keys_did_uq").on(t.did)],
);

export const certificateCounters = pgTable(
  "certificate_counters",
  {
    issuingBodyId: integer("issuing_body_id")
      .notNull()
      .references(() => issuingBodies.id),
    year: integer("year").notNull(),
    last: integer("last").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.issuingBodyId, t.year] })],
);

export const certificateStatus = pgEnum("certificate_status", ["valid", "revoked"]);
export const certificateKind = pgEnum("certificate_kind", ["original", "reissue", "replacement"]);

export const certificates = pgTable(
  "certificates",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    serial: text("serial").notNull(),
    registerNumber: text("register_number").notNull(),
    issuingBodyId: integer("issuing_body_id")
      .notNull()
      .references(() => issuingBodies.id),
    year: integer("year").notNull(),
    seq: integer("seq").notNull(),
    kind: certificateKind("kind").notNull().default("original"),
    // The certificate this one reissues or replaces (lost / revoked-then-reissued).
    replacesId: integer("replaces_id"),
    completionId: integer("completion_id")
      .notNull()
      .references(() => courseCompletions.id),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    // What is printed, frozen at issue time.
    holderName: text("holder_name").notNull(),
    holderBirthDate: date("holder_birth_date"),
    courseTitle: text("course_title").notNull(),
    hours: integer("hours").notNull(),
    completedOn: date("completed_on").notNull(),
    issuedOn: date("issued_on").notNull(),
    validUntil: date("valid_until"),
    status: certificateStatus("status").notNull().default("valid"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedReason: text("revoked_reason"),
    revokedBy: integer("revoked_by"),
    statusListIndex: integer("status_list_index"),
    credential: jsonb("credential"),
    issuedBy: integer("issued_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("certificates_serial_uq").on(t.serial),
    uniqueIndex("certificates_body_year_seq_uq").on(t.issuingBodyId, t.year, t.seq),
    // One original certificate per completion (person × course × cycle).
    uniqueIndex("certificates_original_uq").on(t.completionId).where(sql`kind = 'original'`),
    index("certificates_person_idx").on(t.personId),
  ],
);

// The revocation bitstring of an issuing body, published as a signed
// BitstringStatusListCredential.
export const statusLists = pgTable(
  "status_lists",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    issuingBodyId: integer("issuing_body_id")
      .notNull()
      .references(() => issuingBodies.id),
    purpose: text("purpose").notNull().default("revocation"),
    size: integer("size").notNull(),
    nextIndex: integer("next_index").notNull().default(0),
    // Compressed bitstring, base64url ("encodedList" of the credential).
    encodedList: text("encoded_list").notNull(),
    credential: jsonb("credential"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("status_lists_body_purpose_uq").on(t.issuingBodyId, t.purpose)],
);

// Bulk certificate downloads run in the background with visible progress.
// One job at a time per process; a job whose runner stopped (restart, crash)
// is picked up again once its heartbeat is stale, and fails after 3 tries.
export const certificateJobs = pgTable(
  "certificate_jobs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requestedBy: integer("requested_by").notNull(),
    format: text("format").notNull(), // "zip" | "pdf"
    // { unitId, unitPath, unitName, courseId, courseTitle, origin }
    scope: jsonb("scope").notNull(),
    total: integer("total").notNull().default(0),
    done: integer("done").notNull().default(0),
    status: text("status").notNull().default("queued"), // queued | running | done | failed | expired
    attempts: integer("attempts").notNull().default(0),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    filePath: text("file_path"),
    fileSize: integer("file_size"),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("certificate_jobs_status_idx").on(t.status, t.id), index("certificate_jobs_requester_idx").on(t.requestedBy)],
);
