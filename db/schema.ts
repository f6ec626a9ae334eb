// The database schema. One file so drizzle-kit sees every table; the data
// access code lives in app/models/*.server.ts, one module per domain.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
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
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
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
});

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
