// Courses written in the browser (issue #6). The published versions live in
// course_versions like the built-in ones; here is what only authored courses
// need: the working draft, who may edit it, the province's approval rule,
// the MDX sources of each published version (for diffs and export) and
// uploaded images.
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { accounts, adminUnits, courses, courseVersions } from "../schema";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // PGlite hands back a Uint8Array, postgres-js a Buffer.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** The editable course, as the author sees it (ids generated once, never from titles). */
export interface DraftCourse {
  title: string;
  summary: string;
  hours: number;
  passMark: number;
  maxAttempts: number | null;
  validityMonths: number | null;
  selfEnroll: boolean;
  intro: string;
  modules: DraftModule[];
}
export interface DraftModule {
  id: string;
  title: string;
  summary: string;
  /** The module overview (module.mdx body), optional. */
  intro?: string;
  lessons: DraftLesson[];
  quiz: DraftQuiz;
}
export interface DraftLesson {
  id: string;
  title: string;
  summary: string;
  minutes: number;
  body: string;
  /** Bumped by every save of this lesson: a save from an older copy is refused, not merged. */
  rev: number;
}
export interface DraftQuiz {
  id: string;
  title: string;
  questions: DraftQuestion[];
}
export interface DraftQuestion {
  id: string;
  type: "single" | "multiple" | "truefalse";
  text: string;
  options: { id: string; text: string; correct: boolean }[];
  explanation: string;
}

export const authoredCourses = pgTable(
  "authored_courses",
  {
    courseId: text("course_id")
      .primaryKey()
      .references(() => courses.id),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => accounts.id),
    // The owner's province: its officer sees the course and, if the province
    // requires it, approves publishing.
    provinceId: integer("province_id").references(() => adminUnits.id),
    draft: jsonb("draft").$type<DraftCourse>().notNull(),
    // Bumped by every save: a save based on an older revision is refused
    // instead of silently overwriting a collaborator's text.
    revision: integer("revision").notNull().default(1),
    // A snapshot sent for approval (the author may keep editing the draft).
    submitted: jsonb("submitted").$type<DraftCourse>(),
    submittedBy: integer("submitted_by").references(() => accounts.id),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    reviewNote: text("review_note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("authored_courses_owner_idx").on(t.ownerId), index("authored_courses_province_idx").on(t.provinceId)],
);

export const courseCollaborators = pgTable(
  "course_collaborators",
  {
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id),
    invitedBy: integer("invited_by").references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.accountId] }), index("course_collaborators_account_idx").on(t.accountId)],
);

/** Per province: must a province officer approve before a course is published? */
export const authoringSettings = pgTable("authoring_settings", {
  provinceId: integer("province_id")
    .primaryKey()
    .references(() => adminUnits.id),
  requireApproval: boolean("require_approval").notNull().default(false),
  updatedBy: integer("updated_by").references(() => accounts.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The files (content/ layout) a published authored version was built from. */
export const versionSources = pgTable("course_version_sources", {
  versionId: integer("version_id")
    .primaryKey()
    .references(() => courseVersions.id),
  files: jsonb("files").$type<Record<string, string>>().notNull(),
  publishedBy: integer("published_by").references(() => accounts.id),
  approvedBy: integer("approved_by").references(() => accounts.id),
});

/** Uploaded images, already resized and recompressed; served by hash, immutable. */
export const media = pgTable("media", {
  hash: text("hash").primaryKey(),
  mime: text("mime").notNull(),
  ext: text("ext").notNull(),
  width: integer("width").notNull(),
  height: integer("height").notNull(),
  size: integer("size").notNull(),
  bytes: bytea("bytes").notNull(),
  uploadedBy: integer("uploaded_by").references(() => accounts.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
