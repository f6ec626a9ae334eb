CREATE TABLE "training_targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "training_targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"province_id" integer NOT NULL,
	"plan_ref" text NOT NULL,
	"percent" numeric(5, 2) NOT NULL,
	"starts_on" date NOT NULL,
	"deadline" date NOT NULL,
	"positions" "position"[] NOT NULL,
	"course_ids" text[] NOT NULL,
	"expired_counts" boolean DEFAULT true NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_boundaries" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"province_id" integer NOT NULL,
	"geometry" jsonb NOT NULL,
	"imported_by" integer,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_targets" ADD CONSTRAINT "training_targets_province_id_admin_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_boundaries" ADD CONSTRAINT "unit_boundaries_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_targets_province_idx" ON "training_targets" USING btree ("province_id","starts_on");--> statement-breakpoint
CREATE INDEX "unit_boundaries_province_idx" ON "unit_boundaries" USING btree ("province_id");--> statement-breakpoint
-- Hand-written: the targets count "a certificate valid on date D" per completion.
CREATE INDEX IF NOT EXISTS "targets_certificates_completion_idx" ON "certificates" USING btree ("completion_id");
