// The roster's history: who worked where, in which position, from when to
// when. Training targets count "people in scope on a date" from these rows,
// so any past date's figure can be reproduced. `people` keeps the current
// state (commune, position, status) for fast lists; every change to it closes
// the open period and, unless the person left, opens a new one.
import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
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
