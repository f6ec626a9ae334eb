// Provincial training targets (issue #5) and commune boundaries for the map.
// A target is data, not code: which people count (positions), which courses
// count as "trained", the percentage and the deadline. Figures are computed
// from the roster history (staff_periods) and course_completions for any
// date, so nothing here stores a result.
import { boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { adminUnits, position } from "../schema";

export const trainingTargets = pgTable(
  "training_targets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    provinceId: integer("province_id")
      .notNull()
      .references(() => adminUnits.id),
    // The plan that set it, as officers cite it: "Kế hoạch 98/KH-UBND ngày 21/5/2021".
    planRef: text("plan_ref").notNull(),
    percent: numeric("percent", { precision: 5, scale: 2, mode: "number" }).notNull(),
    startsOn: date("starts_on").notNull(),
    deadline: date("deadline").notNull(),
    // People in these positions form the denominator.
    positions: position("positions").array().notNull(),
    // Completing any of these courses (online, class or external) counts as trained.
    courseIds: text("course_ids").array().notNull(),
    // False: only a certificate still valid on the date counts.
    expiredCounts: boolean("expired_counts").notNull().default(true),
    // Shown next to the figures, e.g. "demo value" for illustrative targets.
    note: text("note"),
    createdBy: integer("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("training_targets_province_idx").on(t.provinceId, t.startsOn)],
);

// One simplified boundary per unit (GeoJSON geometry in WGS84), replaced as a
// whole by each import.
export const unitBoundaries = pgTable(
  "unit_boundaries",
  {
    unitId: integer("unit_id")
      .primaryKey()
      .references(() => adminUnits.id),
    provinceId: integer("province_id").notNull(),
    geometry: jsonb("geometry").notNull(),
    importedBy: integer("imported_by"),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("unit_boundaries_province_idx").on(t.provinceId)],
);

export type TrainingTarget = typeof trainingTargets.$inferSelect;
