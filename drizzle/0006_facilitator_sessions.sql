CREATE TABLE `facilitator_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`facilitator_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`facilitator_id`) REFERENCES `facilitators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `facilitator_sessions_facilitator_idx` ON `facilitator_sessions` (`facilitator_id`);