CREATE TABLE "staff_periods" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "staff_periods_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"person_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	"position" "position" NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff_periods" ADD CONSTRAINT "staff_periods_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_periods" ADD CONSTRAINT "staff_periods_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_periods_person_idx" ON "staff_periods" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "staff_periods_commune_idx" ON "staff_periods" USING btree ("commune_id","started_on");--> statement-breakpoint
CREATE INDEX "staff_periods_open_idx" ON "staff_periods" USING btree ("commune_id") WHERE ended_on is null;--> statement-breakpoint
-- Backfill: one period per existing person, from their start date (or the day
-- they were entered) to the day they left.
INSERT INTO "staff_periods" ("person_id", "commune_id", "position", "started_on", "ended_on", "end_reason")
SELECT "id", "commune_id", "position", coalesce("started_on", "created_at"::date),
       CASE WHEN "status" = 'left' THEN coalesce("left_on", "updated_at"::date) END,
       CASE WHEN "status" = 'left' THEN 'left' END
FROM "people";
