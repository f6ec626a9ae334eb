CREATE TYPE "public"."certificate_kind" AS ENUM('original', 'reissue', 'replacement');--> statement-breakpoint
CREATE TYPE "public"."certificate_status" AS ENUM('valid', 'revoked');--> statement-breakpoint
CREATE TABLE "certificate_counters" (
	"issuing_body_id" integer NOT NULL,
	"year" integer NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "certificate_counters_issuing_body_id_year_pk" PRIMARY KEY("issuing_body_id","year")
);
--> statement-breakpoint
CREATE TABLE "certificate_jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificate_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"requested_by" integer NOT NULL,
	"format" text NOT NULL,
	"scope" jsonb NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"file_path" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "certificates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"serial" text NOT NULL,
	"register_number" text NOT NULL,
	"issuing_body_id" integer NOT NULL,
	"year" integer NOT NULL,
	"seq" integer NOT NULL,
	"kind" "certificate_kind" DEFAULT 'original' NOT NULL,
	"replaces_id" integer,
	"completion_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"course_id" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_birth_date" date,
	"course_title" text NOT NULL,
	"hours" integer NOT NULL,
	"completed_on" date NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date,
	"status" "certificate_status" DEFAULT 'valid' NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by" integer,
	"status_list_index" integer,
	"credential" jsonb,
	"issued_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issuer_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "issuer_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"issuing_body_id" integer NOT NULL,
	"did" text NOT NULL,
	"verification_method" text NOT NULL,
	"public_key_multibase" text NOT NULL,
	"secret_key_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "issuing_bodies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "issuing_bodies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"unit_id" integer NOT NULL,
	"parent_name" text,
	"name" text NOT NULL,
	"place" text NOT NULL,
	"signer_title" text NOT NULL,
	"signer_name" text NOT NULL,
	"serial_prefix" text NOT NULL,
	"logo" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_lists" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_lists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"issuing_body_id" integer NOT NULL,
	"purpose" text DEFAULT 'revocation' NOT NULL,
	"size" integer NOT NULL,
	"next_index" integer DEFAULT 0 NOT NULL,
	"encoded_list" text NOT NULL,
	"credential" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "certificate_counters" ADD CONSTRAINT "certificate_counters_issuing_body_id_issuing_bodies_id_fk" FOREIGN KEY ("issuing_body_id") REFERENCES "public"."issuing_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issuing_body_id_issuing_bodies_id_fk" FOREIGN KEY ("issuing_body_id") REFERENCES "public"."issuing_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_completion_id_course_completions_id_fk" FOREIGN KEY ("completion_id") REFERENCES "public"."course_completions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuer_keys" ADD CONSTRAINT "issuer_keys_issuing_body_id_issuing_bodies_id_fk" FOREIGN KEY ("issuing_body_id") REFERENCES "public"."issuing_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issuing_bodies" ADD CONSTRAINT "issuing_bodies_unit_id_admin_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_lists" ADD CONSTRAINT "status_lists_issuing_body_id_issuing_bodies_id_fk" FOREIGN KEY ("issuing_body_id") REFERENCES "public"."issuing_bodies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_serial_uq" ON "certificates" USING btree ("serial");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_body_year_seq_uq" ON "certificates" USING btree ("issuing_body_id","year","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_original_uq" ON "certificates" USING btree ("completion_id") WHERE kind = 'original';--> statement-breakpoint
CREATE INDEX "certificates_person_idx" ON "certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "issuer_keys_body_idx" ON "issuer_keys" USING btree ("issuing_body_id");--> statement-breakpoint
CREATE UNIQUE INDEX "issuer_keys_did_uq" ON "issuer_keys" USING btree ("did");--> statement-breakpoint
CREATE UNIQUE INDEX "issuing_bodies_unit_uq" ON "issuing_bodies" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "issuing_bodies_prefix_uq" ON "issuing_bodies" USING btree ("serial_prefix");--> statement-breakpoint
CREATE UNIQUE INDEX "status_lists_body_purpose_uq" ON "status_lists" USING btree ("issuing_body_id","purpose");