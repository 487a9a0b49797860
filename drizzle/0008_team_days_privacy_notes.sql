CREATE TABLE `agenda_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`facilitator_id` text NOT NULL,
	`name` text NOT NULL,
	`steps` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`facilitator_id`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agenda_templates_facilitator_idx` ON `agenda_templates` (`facilitator_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`workshop_id` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notes_subject_uq` ON `notes` (`workshop_id`,`subject`);--> statement-breakpoint
CREATE TABLE `workshop_invitations` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`workshop_id` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_by` text,
	`accepted_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`accepted_by`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `workshop_invitations_workshop_idx` ON `workshop_invitations` (`workshop_id`);--> statement-breakpoint
ALTER TABLE `agenda_steps` ADD `day` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `participants` ADD `removed_at` integer;--> statement-breakpoint
ALTER TABLE `participants` ADD `erased_at` integer;--> statement-breakpoint
ALTER TABLE `workshops` ADD `shown_results_step_id` text;--> statement-breakpoint
ALTER TABLE `workshops` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `workshops` ADD `retention_days` integer;--> statement-breakpoint
ALTER TABLE `workshops` ADD `personal_data_erased_at` integer;--> statement-breakpoint
ALTER TABLE `workshops` ADD `archived_at` integer;--> statement-breakpoint
CREATE INDEX `workshops_retention_idx` ON `workshops` (`closed_at`,`personal_data_erased_at`);--> statement-breakpoint
-- Workshops closed before this migration: their retention counts from their last change.
UPDATE `workshops` SET `closed_at` = `updated_at` WHERE `status` = 'closed';