CREATE TABLE `agenda_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`workshop_id` text NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`settings` text NOT NULL,
	`timer` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agenda_steps_workshop_idx` ON `agenda_steps` (`workshop_id`,`position`);--> statement-breakpoint
CREATE TABLE `contribution_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contribution_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`replaced_by` text NOT NULL,
	`replaced_at` integer NOT NULL,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contribution_revisions_contribution_idx` ON `contribution_revisions` (`contribution_id`);--> statement-breakpoint
DROP INDEX `contributions_client_uq`;--> statement-breakpoint
ALTER TABLE `contributions` ADD `origin` text DEFAULT 'participant' NOT NULL;--> statement-breakpoint
ALTER TABLE `contributions` ADD `author_facilitator_id` text REFERENCES facilitators(id);--> statement-breakpoint
ALTER TABLE `contributions` ADD `helix` text;--> statement-breakpoint
ALTER TABLE `contributions` ADD `role` text;--> statement-breakpoint
CREATE INDEX `contributions_author_idx` ON `contributions` (`author_id`);--> statement-breakpoint
CREATE INDEX `contributions_parent_idx` ON `contributions` (`parent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `contributions_client_uq` ON `contributions` (`workshop_id`,`client_id`);--> statement-breakpoint
ALTER TABLE `workshops` ADD `current_step_id` text;--> statement-breakpoint
ALTER TABLE `workshops` ADD `pinned_contribution_id` text;