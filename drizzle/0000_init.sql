CREATE TABLE `contributions` (
	`id` text PRIMARY KEY NOT NULL,
	`workshop_id` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` text,
	`title` text NOT NULL,
	`body` text,
	`author_id` text,
	`status` text DEFAULT 'visible' NOT NULL,
	`merged_into` text,
	`client_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`edited_at` integer,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contributions_client_uq` ON `contributions` (`author_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `contributions_workshop_idx` ON `contributions` (`workshop_id`,`kind`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workshop_id` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`actor` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_workshop_seq_uq` ON `events` (`workshop_id`,`seq`);--> statement-breakpoint
CREATE TABLE `facilitators` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `facilitators_email_unique` ON `facilitators` (`email`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`workshop_id` text NOT NULL,
	`display_name` text,
	`helix` text NOT NULL,
	`role` text NOT NULL,
	`organisation` text,
	`country` text,
	`language` text NOT NULL,
	`token_hash` text NOT NULL,
	`join_key` text,
	`joined_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_token_uq` ON `participants` (`workshop_id`,`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `participants_join_key_uq` ON `participants` (`workshop_id`,`join_key`);--> statement-breakpoint
CREATE INDEX `participants_workshop_idx` ON `participants` (`workshop_id`,`joined_at`);--> statement-breakpoint
CREATE TABLE `workshop_facilitators` (
	`workshop_id` text NOT NULL,
	`facilitator_id` text NOT NULL,
	`role` text NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`workshop_id`, `facilitator_id`),
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`facilitator_id`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `workshop_facilitators_facilitator_idx` ON `workshop_facilitators` (`facilitator_id`);--> statement-breakpoint
CREATE TABLE `workshops` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`host_organisation` text NOT NULL,
	`theme` text,
	`venue` text,
	`starts_on` text,
	`ends_on` text,
	`join_code` text NOT NULL,
	`display_token` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`settings` text NOT NULL,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workshops_join_code_uq` ON `workshops` (`join_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `workshops_display_token_uq` ON `workshops` (`display_token`);