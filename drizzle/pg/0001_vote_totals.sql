CREATE TABLE "vote_ballots" (
	"step_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"helix" text NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "vote_ballots_step_id_participant_id_pk" PRIMARY KEY("step_id","participant_id")
);
--> statement-breakpoint
CREATE TABLE "vote_totals" (
	"step_id" text NOT NULL,
	"contribution_id" text NOT NULL,
	"helix" text NOT NULL,
	"points" integer NOT NULL,
	CONSTRAINT "vote_totals_step_id_contribution_id_helix_pk" PRIMARY KEY("step_id","contribution_id","helix")
);
--> statement-breakpoint
CREATE TABLE "vote_turnout" (
	"step_id" text NOT NULL,
	"helix" text NOT NULL,
	"voters" integer NOT NULL,
	CONSTRAINT "vote_turnout_step_id_helix_pk" PRIMARY KEY("step_id","helix")
);
--> statement-breakpoint
DROP INDEX "votes_tally_idx";--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_step_id_agenda_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."agenda_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_totals" ADD CONSTRAINT "vote_totals_step_id_agenda_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."agenda_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_totals" ADD CONSTRAINT "vote_totals_contribution_id_contributions_id_fk" FOREIGN KEY ("contribution_id") REFERENCES "public"."contributions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_turnout" ADD CONSTRAINT "vote_turnout_step_id_agenda_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."agenda_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "votes_contribution_idx" ON "votes" USING btree ("contribution_id");--> statement-breakpoint
-- Votes on items no longer visible count nowhere (hiding and merging already took theirs away;
-- withdrawing now does too): remove the rest before the totals are counted from the votes.
DELETE FROM "votes" WHERE "contribution_id" IN (SELECT "id" FROM "contributions" WHERE "status" <> 'visible');
--> statement-breakpoint
INSERT INTO "vote_totals" ("step_id", "contribution_id", "helix", "points")
  SELECT "step_id", "contribution_id", "helix", sum("points") FROM "votes" GROUP BY "step_id", "contribution_id", "helix";
--> statement-breakpoint
INSERT INTO "vote_ballots" ("step_id", "participant_id", "helix", "items")
  SELECT "step_id", "participant_id", min("helix"), count(*) FROM "votes" GROUP BY "step_id", "participant_id";
--> statement-breakpoint
INSERT INTO "vote_turnout" ("step_id", "helix", "voters")
  SELECT "step_id", "helix", count(*) FROM "vote_ballots" GROUP BY "step_id", "helix";
--> statement-breakpoint
-- From here on the database keeps them, as on SQLite (drizzle/0010_vote_totals.sql): a vote added,
-- changed or removed moves its step's totals in the same transaction. The ballot row's upsert or
-- update locks it, so two transactions changing one participant's votes at once count them in or
-- out of the turnout once.
CREATE FUNCTION "votes_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  left_items integer;
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW."step_id" IS DISTINCT FROM OLD."step_id" OR NEW."participant_id" IS DISTINCT FROM OLD."participant_id"
      OR NEW."contribution_id" IS DISTINCT FROM OLD."contribution_id" OR NEW."helix" IS DISTINCT FROM OLD."helix" THEN
      RAISE EXCEPTION 'a vote''s step, voter, item and helix are fixed: delete it and insert another';
    END IF;
    UPDATE "vote_totals" SET "points" = "points" + NEW."points" - OLD."points"
      WHERE "step_id" = NEW."step_id" AND "contribution_id" = NEW."contribution_id" AND "helix" = NEW."helix";
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "vote_totals" ("step_id", "contribution_id", "helix", "points")
      VALUES (NEW."step_id", NEW."contribution_id", NEW."helix", NEW."points")
      ON CONFLICT ("step_id", "contribution_id", "helix") DO UPDATE SET "points" = "vote_totals"."points" + excluded."points";
    INSERT INTO "vote_ballots" ("step_id", "participant_id", "helix", "items")
      VALUES (NEW."step_id", NEW."participant_id", NEW."helix", 1)
      ON CONFLICT ("step_id", "participant_id") DO UPDATE SET "items" = "vote_ballots"."items" + 1
      RETURNING "items" INTO left_items;
    IF left_items = 1 THEN
      INSERT INTO "vote_turnout" ("step_id", "helix", "voters") VALUES (NEW."step_id", NEW."helix", 1)
        ON CONFLICT ("step_id", "helix") DO UPDATE SET "voters" = "vote_turnout"."voters" + 1;
    END IF;
    RETURN NULL;
  END IF;
  UPDATE "vote_totals" SET "points" = "points" - OLD."points"
    WHERE "step_id" = OLD."step_id" AND "contribution_id" = OLD."contribution_id" AND "helix" = OLD."helix";
  UPDATE "vote_ballots" SET "items" = "items" - 1 WHERE "step_id" = OLD."step_id" AND "participant_id" = OLD."participant_id"
    RETURNING "items" INTO left_items;
  IF left_items = 0 THEN
    UPDATE "vote_turnout" SET "voters" = "voters" - 1 WHERE "step_id" = OLD."step_id" AND "helix" = OLD."helix";
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "votes_totals" AFTER INSERT OR DELETE OR UPDATE ON "votes" FOR EACH ROW EXECUTE FUNCTION "votes_totals"();
