CREATE TABLE `vote_ballots` (
	`step_id` text NOT NULL,
	`participant_id` text NOT NULL,
	`helix` text NOT NULL,
	`items` integer NOT NULL,
	PRIMARY KEY(`step_id`, `participant_id`),
	FOREIGN KEY (`step_id`) REFERENCES `agenda_steps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `vote_totals` (
	`step_id` text NOT NULL,
	`contribution_id` text NOT NULL,
	`helix` text NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`step_id`, `contribution_id`, `helix`),
	FOREIGN KEY (`step_id`) REFERENCES `agenda_steps`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contribution_id`) REFERENCES `contributions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `vote_turnout` (
	`step_id` text NOT NULL,
	`helix` text NOT NULL,
	`voters` integer NOT NULL,
	PRIMARY KEY(`step_id`, `helix`),
	FOREIGN KEY (`step_id`) REFERENCES `agenda_steps`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `votes_tally_idx`;--> statement-breakpoint
CREATE INDEX `votes_contribution_idx` ON `votes` (`contribution_id`);--> statement-breakpoint
-- Votes on items no longer visible count nowhere (hiding and merging already took theirs away;
-- withdrawing now does too): remove the rest before the totals are counted from the votes.
DELETE FROM `votes` WHERE `contribution_id` IN (SELECT `id` FROM `contributions` WHERE `status` <> 'visible');
--> statement-breakpoint
INSERT INTO `vote_totals` (`step_id`, `contribution_id`, `helix`, `points`)
  SELECT `step_id`, `contribution_id`, `helix`, sum(`points`) FROM `votes` GROUP BY `step_id`, `contribution_id`, `helix`;
--> statement-breakpoint
INSERT INTO `vote_ballots` (`step_id`, `participant_id`, `helix`, `items`)
  SELECT `step_id`, `participant_id`, min(`helix`), count(*) FROM `votes` GROUP BY `step_id`, `participant_id`;
--> statement-breakpoint
INSERT INTO `vote_turnout` (`step_id`, `helix`, `voters`)
  SELECT `step_id`, `helix`, count(*) FROM `vote_ballots` GROUP BY `step_id`, `helix`;
--> statement-breakpoint
-- From here on the database keeps them: a vote added, changed or removed — by a phone, a merge, a
-- hide, a withdrawal or a cascade — moves its step's totals in the same transaction.
CREATE TRIGGER `votes_totals_insert` AFTER INSERT ON `votes` BEGIN
  INSERT INTO `vote_totals` (`step_id`, `contribution_id`, `helix`, `points`)
    VALUES (NEW.`step_id`, NEW.`contribution_id`, NEW.`helix`, NEW.`points`)
    ON CONFLICT (`step_id`, `contribution_id`, `helix`) DO UPDATE SET `points` = `points` + excluded.`points`;
  INSERT INTO `vote_ballots` (`step_id`, `participant_id`, `helix`, `items`)
    VALUES (NEW.`step_id`, NEW.`participant_id`, NEW.`helix`, 1)
    ON CONFLICT (`step_id`, `participant_id`) DO UPDATE SET `items` = `items` + 1;
  INSERT INTO `vote_turnout` (`step_id`, `helix`, `voters`)
    SELECT NEW.`step_id`, NEW.`helix`, 1 WHERE
      (SELECT `items` FROM `vote_ballots` WHERE `step_id` = NEW.`step_id` AND `participant_id` = NEW.`participant_id`) = 1
    ON CONFLICT (`step_id`, `helix`) DO UPDATE SET `voters` = `voters` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_totals_delete` AFTER DELETE ON `votes` BEGIN
  UPDATE `vote_totals` SET `points` = `points` - OLD.`points`
    WHERE `step_id` = OLD.`step_id` AND `contribution_id` = OLD.`contribution_id` AND `helix` = OLD.`helix`;
  UPDATE `vote_ballots` SET `items` = `items` - 1 WHERE `step_id` = OLD.`step_id` AND `participant_id` = OLD.`participant_id`;
  UPDATE `vote_turnout` SET `voters` = `voters` - 1 WHERE `step_id` = OLD.`step_id` AND `helix` = OLD.`helix` AND
    (SELECT `items` FROM `vote_ballots` WHERE `step_id` = OLD.`step_id` AND `participant_id` = OLD.`participant_id`) = 0;
END;
--> statement-breakpoint
CREATE TRIGGER `votes_totals_update` AFTER UPDATE OF `points` ON `votes` BEGIN
  UPDATE `vote_totals` SET `points` = `points` + NEW.`points` - OLD.`points`
    WHERE `step_id` = NEW.`step_id` AND `contribution_id` = NEW.`contribution_id` AND `helix` = NEW.`helix`;
END;
--> statement-breakpoint
-- A vote's step, voter, item and helix never change in place (a merge deletes and inserts): the
-- totals above rely on it.
CREATE TRIGGER `votes_keys_fixed` BEFORE UPDATE OF `workshop_id`, `step_id`, `participant_id`, `contribution_id`, `helix` ON `votes`
  WHEN NEW.`step_id` IS NOT OLD.`step_id` OR NEW.`participant_id` IS NOT OLD.`participant_id`
    OR NEW.`contribution_id` IS NOT OLD.`contribution_id` OR NEW.`helix` IS NOT OLD.`helix`
BEGIN
  SELECT RAISE(ABORT, 'a vote''s step, voter, item and helix are fixed: delete it and insert another');
END;
