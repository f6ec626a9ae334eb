ALTER TABLE "certificate_jobs" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "certificate_jobs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "certificate_jobs" ADD COLUMN "file_size" integer;--> statement-breakpoint
CREATE INDEX "certificate_jobs_status_idx" ON "certificate_jobs" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "certificate_jobs_requester_idx" ON "certificate_jobs" USING btree ("requested_by");