// In-person classes (lớp tập huấn): a trainer runs a course in a room for
// people from one or more communes, records attendance per session (buổi)
// and a result per person, and on closing the class records completions
// through the same path as online ones (certificates included).
import { boolean, customType, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { accounts, adminUnits, courseCompletions, courses, people } from "../schema";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  // PGlite hands back a Uint8Array, postgres-js a Buffer.
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const trainingClasses = pgTable(
  "training_classes",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    courseId: text("course_id")
      .notNull()
      .references(() => courses.id),
    title: text("title").notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on").notNull(),
    place: text("place").notNull(),
    capacity: integer("capacity").notNull(),
    // The province the class belongs to; all its communes are inside it.
    provinceId: integer("province_id")
      .notNull()
      .references(() => adminUnits.id),
    // Completion rule: share of sessions attended (100 = every session) and
    // whether a passing result (đạt) is required.
    minAttendancePercent: integer("min_attendance_percent").notNull().default(100),
    requirePass: boolean("require_pass").notNull().default(true),
    // A score at or above this is "đạt" when the trainer enters only a score.
    passScore: integer("pass_score").notNull().default(50),
    status: text("status").notNull().default("open"), // "open" | "closed"
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: integer("closed_by").references(() => accounts.id),
    createdBy: integer("created_by")
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("training_classes_province_idx").on(t.provinceId, t.startsOn), index("training_classes_created_by_idx").on(t.createdBy)],
);

export const trainingClassCommunes = pgTable(
  "training_class_communes",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id, { onDelete: "cascade" }),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
  },
  (t) => [primaryKey({ columns: [t.classId, t.communeId] }), index("training_class_communes_commune_idx").on(t.communeId)],
);

export const trainingClassSessions = pgTable(
  "training_class_sessions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    heldOn: date("held_on").notNull(),
  },
  (t) => [uniqueIndex("training_class_sessions_uq").on(t.classId, t.seq)],
);

export const trainingClassMembers = pgTable(
  "training_class_members",
  {
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    enrolledBy: integer("enrolled_by"),
    enrolledAt: timestamp("enrolled_at", { withTimezone: true }).notNull().defaultNow(),
    score: integer("score"),
    passed: boolean("passed"),
    // Set when the class closes: whether the rule was met, and why not.
    qualified: boolean("qualified"),
    reason: text("reason"),
    completionId: integer("completion_id").references(() => courseCompletions.id),
  },
  (t) => [primaryKey({ columns: [t.classId, t.personId] }), index("training_class_members_person_idx").on(t.personId)],
);

// One row per person and session; the row says the state, so repeating a
// request (a retry on a weak connection) cannot flip it.
export const trainingClassAttendance = pgTable(
  "training_class_attendance",
  {
    sessionId: integer("session_id")
      .notNull()
      .references(() => trainingClassSessions.id, { onDelete: "cascade" }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    present: boolean("present").notNull(),
    markedBy: integer("marked_by"),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.personId] })],
);

// Photos of signed attendance sheets, re-encoded (JPEG, ≤ 1600 px) and kept
// in the database so backups and scope checks cover them like any record.
export const trainingClassEvidence = pgTable(
  "training_class_evidence",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    classId: integer("class_id")
      .notNull()
      .references(() => trainingClasses.id, { onDelete: "cascade" }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => trainingClassSessions.id, { onDelete: "cascade" }),
    mime: text("mime").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    uploadedBy: integer("uploaded_by"),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("training_class_evidence_session_idx").on(t.sessionId)],
);

export type TrainingClass = typeof trainingClasses.$inferSelect;
