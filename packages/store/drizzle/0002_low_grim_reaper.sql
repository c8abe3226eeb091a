ALTER TYPE "public"."color_transfer" ADD VALUE 'hybrid';--> statement-breakpoint
ALTER TABLE "rooms" ALTER COLUMN "color_transfer" SET DEFAULT 'hybrid'::text::color_transfer;