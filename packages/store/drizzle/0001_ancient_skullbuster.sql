CREATE TYPE "public"."blend_method" AS ENUM('feather', 'multiband');--> statement-breakpoint
CREATE TYPE "public"."color_transfer" AS ENUM('mean-std', 'histogram', 'paired');--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "blend" "blend_method" DEFAULT 'feather' NOT NULL;--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "color_transfer" "color_transfer" DEFAULT 'histogram' NOT NULL;