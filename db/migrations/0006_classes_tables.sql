CREATE TABLE "training_class_attendance" (
	"session_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"present" boolean NOT NULL,
	"marked_by" integer,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_class_attendance_session_id_person_id_pk" PRIMARY KEY("session_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "training_class_communes" (
	"class_id" integer NOT NULL,
	"commune_id" integer NOT NULL,
	CONSTRAINT "training_class_communes_class_id_commune_id_pk" PRIMARY KEY("class_id","commune_id")
);
--> statement-breakpoint
CREATE TABLE "training_class_evidence" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "training_class_evidence_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"class_id" integer NOT NULL,
	"session_id" integer NOT NULL,
	"mime" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_class_members" (
	"class_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"enrolled_by" integer,
	"enrolled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"score" integer,
	"passed" boolean,
	"qualified" boolean,
	"reason" text,
	"completion_id" integer,
	CONSTRAINT "training_class_members_class_id_person_id_pk" PRIMARY KEY("class_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "training_class_sessions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "training_class_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"class_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"held_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_classes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "training_classes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"course_id" text NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"place" text NOT NULL,
	"capacity" integer NOT NULL,
	"province_id" integer NOT NULL,
	"min_attendance_percent" integer DEFAULT 100 NOT NULL,
	"require_pass" boolean DEFAULT true NOT NULL,
	"pass_score" integer DEFAULT 50 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_class_attendance" ADD CONSTRAINT "training_class_attendance_session_id_training_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_class_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_attendance" ADD CONSTRAINT "training_class_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_communes" ADD CONSTRAINT "training_class_communes_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_communes" ADD CONSTRAINT "training_class_communes_commune_id_admin_units_id_fk" FOREIGN KEY ("commune_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_evidence" ADD CONSTRAINT "training_class_evidence_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_evidence" ADD CONSTRAINT "training_class_evidence_session_id_training_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."training_class_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_members" ADD CONSTRAINT "training_class_members_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_members" ADD CONSTRAINT "training_class_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_members" ADD CONSTRAINT "training_class_members_completion_id_course_completions_id_fk" FOREIGN KEY ("completion_id") REFERENCES "public"."course_completions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_class_sessions" ADD CONSTRAINT "training_class_sessions_class_id_training_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."training_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_province_id_admin_units_id_fk" FOREIGN KEY ("province_id") REFERENCES "public"."admin_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_classes" ADD CONSTRAINT "training_classes_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "training_class_communes_commune_idx" ON "training_class_communes" USING btree ("commune_id");--> statement-breakpoint
CREATE INDEX "training_class_evidence_session_idx" ON "training_class_evidence" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "training_class_members_person_idx" ON "training_class_members" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "training_class_sessions_uq" ON "training_class_sessions" USING btree ("class_id","seq");--> statement-breakpoint
CREATE INDEX "training_classes_province_idx" ON "training_classes" USING btree ("province_id","starts_on");--> statement-breakpoint
CREATE INDEX "training_classes_created_by_idx" ON "training_classes" USING btree ("created_by");