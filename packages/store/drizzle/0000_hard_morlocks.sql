CREATE TYPE "public"."direction" AS ENUM('right', 'left', 'up', 'down');--> statement-breakpoint
CREATE TYPE "public"."ledger_reason" AS ENUM('signup', 'grant', 'debit', 'refund', 'admin', 'room_start');--> statement-breakpoint
CREATE TYPE "public"."prefill_mode" AS ENUM('smear', 'black');--> statement-breakpoint
CREATE TYPE "public"."room_mode" AS ENUM('open', 'folded');--> statement-breakpoint
CREATE TYPE "public"."room_status" AS ENUM('open', 'finished');--> statement-breakpoint
CREATE TYPE "public"."step_status" AS ENUM('running', 'committed', 'failed', 'aborted');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('player', 'admin');--> statement-breakpoint
CREATE SEQUENCE "public"."step_fencing_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "canvas_cells" (
	"room_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"level" integer NOT NULL,
	"cx" integer NOT NULL,
	"cy" integer NOT NULL,
	"blob_key" text NOT NULL,
	"sha256" text NOT NULL,
	CONSTRAINT "canvas_cells_pkey" PRIMARY KEY("room_id","level","cx","cy","version")
);
--> statement-breakpoint
CREATE TABLE "canvas_versions" (
	"room_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"x" integer NOT NULL,
	"y" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"step_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canvas_versions_pkey" PRIMARY KEY("room_id","version")
);
--> statement-breakpoint
CREATE TABLE "credit_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"delta" integer NOT NULL,
	"reason" "ledger_reason" NOT NULL,
	"step_id" uuid,
	"room_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"room_id" uuid NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_members" (
	"room_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"seat" integer NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"invite_code" text NOT NULL,
	"mode" "room_mode" DEFAULT 'open' NOT NULL,
	"direction" "direction",
	"status" "room_status" DEFAULT 'open' NOT NULL,
	"max_width" integer DEFAULT 8192 NOT NULL,
	"max_height" integer DEFAULT 8192 NOT NULL,
	"max_turns" integer,
	"feather_px" integer DEFAULT 128 NOT NULL,
	"color_match" boolean DEFAULT true NOT NULL,
	"prefill" "prefill_mode" DEFAULT 'smear' NOT NULL,
	"canvas_x" integer NOT NULL,
	"canvas_y" integer NOT NULL,
	"canvas_width" integer NOT NULL,
	"canvas_height" integer NOT NULL,
	"canvas_version" integer DEFAULT 0 NOT NULL,
	"turn_seat" integer DEFAULT 0 NOT NULL,
	"turn_nonce" uuid DEFAULT gen_random_uuid() NOT NULL,
	"turn_number" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "rooms_direction_matches_mode" CHECK (("rooms"."mode" = 'folded' and "rooms"."direction" is not null) or ("rooms"."mode" = 'open' and "rooms"."direction" is null)),
	CONSTRAINT "rooms_feather_range" CHECK ("rooms"."feather_px" between 0 and 512),
	CONSTRAINT "rooms_max_turns_positive" CHECK ("rooms"."max_turns" is null or "rooms"."max_turns" > 0)
);
--> statement-breakpoint
CREATE TABLE "steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"direction" "direction" NOT NULL,
	"prompt" text NOT NULL,
	"status" "step_status" DEFAULT 'running' NOT NULL,
	"error_code" text,
	"error_message" text,
	"tiles" integer NOT NULL,
	"cost" integer NOT NULL,
	"provider" text,
	"model" text,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"turn_nonce" uuid NOT NULL,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"fencing_token" bigint DEFAULT nextval('step_fencing_seq') NOT NULL,
	"before_x" integer NOT NULL,
	"before_y" integer NOT NULL,
	"before_width" integer NOT NULL,
	"before_height" integer NOT NULL,
	"before_version" integer NOT NULL,
	"after_x" integer,
	"after_y" integer,
	"after_width" integer,
	"after_height" integer,
	"after_version" integer,
	"record" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" "user_role" DEFAULT 'player' NOT NULL,
	"credits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_lower" CHECK ("users"."email" = lower("users"."email")),
	CONSTRAINT "users_credits_nonnegative" CHECK ("users"."credits" >= 0)
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_cells" ADD CONSTRAINT "canvas_cells_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_versions" ADD CONSTRAINT "canvas_versions_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_versions" ADD CONSTRAINT "canvas_versions_step_id_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_step_id_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."steps"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_ledger" ADD CONSTRAINT "credit_ledger_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_events" ADD CONSTRAINT "room_events_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_members" ADD CONSTRAINT "room_members_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_members" ADD CONSTRAINT "room_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rooms" ADD CONSTRAINT "rooms_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_room_id_rooms_id_fk" FOREIGN KEY ("room_id") REFERENCES "public"."rooms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_created_idx" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "canvas_cells_lookup_idx" ON "canvas_cells" USING btree ("room_id","level","cx","cy","version" desc);--> statement-breakpoint
CREATE INDEX "canvas_cells_blob_key_idx" ON "canvas_cells" USING btree ("blob_key");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_ledger_step_reason_key" ON "credit_ledger" USING btree ("step_id","reason");--> statement-breakpoint
CREATE INDEX "credit_ledger_user_idx" ON "credit_ledger" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "room_events_room_id_idx" ON "room_events" USING btree ("room_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "room_members_room_seat_key" ON "room_members" USING btree ("room_id","seat");--> statement-breakpoint
CREATE UNIQUE INDEX "room_members_room_user_key" ON "room_members" USING btree ("room_id","user_id");--> statement-breakpoint
CREATE INDEX "room_members_user_idx" ON "room_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rooms_invite_code_key" ON "rooms" USING btree ("invite_code");--> statement-breakpoint
CREATE INDEX "rooms_owner_idx" ON "rooms" USING btree ("owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "steps_room_number_key" ON "steps" USING btree ("room_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "steps_idempotency_key" ON "steps" USING btree ("room_id","user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "steps_one_running_per_room" ON "steps" USING btree ("room_id") WHERE "steps"."status" = 'running';--> statement-breakpoint
CREATE INDEX "steps_running_lease_idx" ON "steps" USING btree ("lease_expires_at") WHERE "steps"."status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "steps_fencing_token_key" ON "steps" USING btree ("fencing_token");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");