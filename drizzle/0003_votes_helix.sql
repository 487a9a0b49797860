DROP INDEX `votes_step_contribution_idx`;--> statement-breakpoint
ALTER TABLE `votes` ADD `helix` text DEFAULT 'community' NOT NULL;--> statement-breakpoint
UPDATE `votes` SET `helix` = (SELECT `helix` FROM `participants` WHERE `participants`.`id` = `votes`.`participant_id`);--> statement-breakpoint
CREATE INDEX `votes_tally_idx` ON `votes` (`step_id`,`contribution_id`,`helix`,`points`);
