CREATE TABLE `vote_requests` (
	`participant_id` text NOT NULL,
	`client_id` text NOT NULL,
	`contribution_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`participant_id`, `client_id`),
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `votes` (
	`workshop_id` text NOT NULL,
	`step_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`contribution_id` text NOT NULL,
	`points` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`step_id`, `participant_id`, `contribution_id`),
	FOREIGN KEY (`workshop_id`) REFERENCES `workshops`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`step_id`) REFERENCES `agenda_steps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `votes_step_contribution_idx` ON `votes` (`step_id`,`contribution_id`);