CREATE TABLE `endorsements` (
	`recommendation_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`workshop_id` text NOT NULL,
	`helix` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`recommendation_id`, `participant_id`),
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `endorsements_workshop_idx` ON `endorsements` (`workshop_id`,`recommendation_id`,`helix`);--> statement-breakpoint
CREATE INDEX `endorsements_participant_idx` ON `endorsements` (`participant_id`);--> statement-breakpoint
CREATE TABLE `recommendation_links` (
	`recommendation_id` text NOT NULL,
	`contribution_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`recommendation_id`, `contribution_id`),
	FOREIGN KEY (`recommendation_id`) REFERENCES `recommendations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `recommendations` (
	`id` text PRIMARY KEY NOT NULL,
	`workshop_id` text NOT NULL,
	`client_id` text NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`body` text,
	`owner_kind` text NOT NULL,
	`owner` text NOT NULL,
	`deadline` text,
	`priority` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recommendations_client_uq` ON `recommendations` (`workshop_id`,`client_id`);--> statement-breakpoint
CREATE INDEX `recommendations_workshop_idx` ON `recommendations` (`workshop_id`,`position`);