// The roster's history: who worked where, in which position, from when to
// when. Training targets count "people in scope on a date" from these rows,
// so any past date's figure can be reproduced. `people` keeps the current
// state (commune, position, status) for fast lists; every change to it closes
// the open period and, unless the person left, opens a new one.
import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { adminUnits, people, position } from "../schema";

export const staffPeriods = pgTable(
  "staff_periods",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id),
    communeId: integer("commune_id")
      .notNull()
      .references(() => adminUnits.id),
    position: position("position").notNull(),
    startedOn: date("started_on").notNull(),
    // Exclusive: the person no longer counts from this date. Null = still there.
    endedOn: date("ended_on"),
    // "left" | "moved" | "position" | "corrected"
    endReason: text("end_reason"),
    createdBy: integer("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("staff_periods_person_idx").on(t.personId),
    index("staff_periods_commune_idx").on(t.communeId, t.startedOn),
    index("staff_periods_open_idx").on(t.communeId).where(sql`ended_on is null`),
  ],
);

// A roster import waiting for the officer's decision: the parsed rows are kept
// here between "Xem trước" and "Nhập dữ liệu", so the commit needs no
// re-upload and cannot be pointed at other rows. Only its owner can use it,
// and only until it expires; the commit re-checks everything.
export const rosterImports = pgTable(
  "roster_imports",
  {
    // Random, unguessable (the page address carries it).
    id: text("id").primaryKey(),
    accountId: integer("account_id").notNull(),
    provinceId: integer("province_id")
      .notNull()
      .references(() => adminUnits.id),
    fileName: text("file_name").notNull(),
    // Parsed, validated row inputs (no database decisions).
    rows: jsonb("rows").notNull(),
    // Officer's choices for ambiguous rows: { [line]: personId | "new" }.
    decisions: jsonb("decisions").notNull().default({}),
    // The last computed plan (counts, errors, ambiguous rows) for the preview page.
    plan: jsonb("plan").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    result: jsonb("result"),
  },
  (t) => [index("roster_imports_account_idx").on(t.accountId)],
);
