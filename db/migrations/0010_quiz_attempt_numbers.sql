ALTER TABLE "quiz_attempts" ADD COLUMN "attempt_no" integer;--> statement-breakpoint
-- Graded attempts so far get their numbers in the order they were submitted.
UPDATE "quiz_attempts" AS a SET "attempt_no" = n.no
FROM (
  SELECT "id", row_number() OVER (PARTITION BY "person_id", "course_id", "quiz_id" ORDER BY "submitted_at", "id") AS no
  FROM "quiz_attempts" WHERE "submitted_at" IS NOT NULL
) AS n
WHERE a."id" = n."id";--> statement-breakpoint
-- Parallel page loads used to open several attempts; the newest one is the one
-- the quiz page shows, the others were never answered.
DELETE FROM "quiz_attempts" AS a
WHERE a."submitted_at" IS NULL AND EXISTS (
  SELECT 1 FROM "quiz_attempts" AS b
  WHERE b."submitted_at" IS NULL AND b."person_id" = a."person_id" AND b."course_id" = a."course_id"
    AND b."quiz_id" = a."quiz_id" AND b."version_id" = a."version_id" AND b."id" > a."id"
);--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_number_uq" ON "quiz_attempts" USING btree ("person_id","course_id","quiz_id","attempt_no");--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_attempts_open_uq" ON "quiz_attempts" USING btree ("person_id","course_id","quiz_id","version_id") WHERE "quiz_attempts"."submitted_at" is null;--> statement-breakpoint
ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_number_ck" CHECK (("quiz_attempts"."submitted_at" is null) = ("quiz_attempts"."attempt_no" is null) and ("quiz_attempts"."attempt_no" is null or "quiz_attempts"."attempt_no" >= 1));