import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { AgendaStep } from "../../domain/agenda";
import { DECIDING_ROLES, emptyHelixCounts, type Helix, type HelixCounts } from "../../domain/helix";
import { type HelixPoints, zeroPoints } from "../../domain/helix-metrics";
import type { VoteResults } from "../../domain/report";
import { ballotKind } from "../../domain/step-kinds";
import { mergedPoints, voteSettingsOf } from "../../domain/voting";
import type { TallyState } from "../../domain/workshop-state";
import type { Reader, Tx } from "../client.server";
import { lockRows } from "../engine.server";
import { first } from "../first.server";

/**
 * Who could vote in the workshop right now, per helix: its participants whose role takes part in
 * decisions (the domain's `electorateOf`, counted by the database).
 */
export async function electorateNow(tx: Reader, workshopId: string): Promise<HelixCounts> {
  const { participants } = tx.tables;
  const counts = emptyHelixCounts();
  const rows = await tx
    .select({ helix: participants.helix, n: sql<number>`count(*)`.mapWith(Number) })
    .from(participants)
    .where(and(eq(participants.workshopId, workshopId), inArray(participants.role, [...DECIDING_ROLES])))
    .groupBy(participants.helix);
  for (const row of rows) counts[row.helix] = row.n;
  return counts;
}

/** A vote step's electorate: stored with the step once the room moved on, the room so far before. */
export const stepElectorate = async (
  tx: Reader,
  workshopId: string,
  step: Pick<AgendaStep, "electorate">,
): Promise<HelixCounts> => step.electorate ?? (await electorateNow(tx, workshopId));

/**
 * Who has voted in a step (has points on an item), per helix. Votes are only ever on visible items:
 * hiding, merging and withdrawing an item take its votes away. The database keeps the count as
 * votes change (`vote_turnout`, migration 0010), so this reads four rows at most.
 */
export async function turnoutOf(tx: Reader, stepId: string): Promise<HelixCounts> {
  const { voteTurnout } = tx.tables;
  const counts = emptyHelixCounts();
  const rows = await tx
    .select({ helix: voteTurnout.helix, n: voteTurnout.voters })
    .from(voteTurnout)
    .where(eq(voteTurnout.stepId, stepId));
  for (const row of rows) counts[row.helix] = row.n;
  return counts;
}

/**
 * Points per item and helix in one vote step, with its electorate and turnout. Never who
 * gave them. `upTo` is the workshop's vote counter, read before the votes: the totals hold at
 * least the votes up to it, so a screen that keeps the highest `upTo` never goes back to older
 * totals, whichever node sent them.
 */
export async function talliesOf(
  tx: Reader,
  workshopId: string,
  step: Pick<AgendaStep, "id" | "electorate">,
): Promise<TallyState> {
  const { voteTotals, workshops } = tx.tables;
  const upTo =
    (await first(tx.select({ voteSeq: workshops.voteSeq }).from(workshops).where(eq(workshops.id, workshopId))))?.voteSeq ?? 0;
  // Kept by the database as votes change (`vote_totals`): a row per item and helix, not per vote.
  const rows = await tx
    .select({ id: voteTotals.contributionId, helix: voteTotals.helix, points: voteTotals.points })
    .from(voteTotals)
    .where(and(eq(voteTotals.stepId, step.id), gt(voteTotals.points, 0)));
  const items: Record<string, HelixPoints> = {};
  for (const row of rows) {
    items[row.id] ??= zeroPoints();
    items[row.id][row.helix as Helix] = row.points;
  }
  return {
    stepId: step.id,
    items,
    electorate: await stepElectorate(tx, workshopId, step),
    turnout: await turnoutOf(tx, step.id),
    hidden: false,
    upTo,
  };
}

/** What the room may see of a vote's totals whose results are hidden: who voted, no points. */
export const turnoutOnly = (totals: TallyState): TallyState => ({ ...totals, items: {}, hidden: true });

/** Whether a vote step has taken place (or is taking place): the room opened it, or it holds votes. */
export async function voteStepHeld(tx: Reader, step: AgendaStep, currentStepId: string | null): Promise<boolean> {
  const { votes } = tx.tables;
  if (!ballotKind(step.kind)) return false;
  if (step.electorate || step.id === currentStepId) return true;
  return Boolean(await first(tx.select({ id: votes.stepId }).from(votes).where(eq(votes.stepId, step.id)).limit(1)));
}

/** One vote step's results as the report and "top N" read them. */
export async function voteResultsOf(tx: Reader, workshopId: string, step: AgendaStep): Promise<VoteResults> {
  const kind = ballotKind(step.kind);
  if (!kind) throw new Error(`Step ${step.id} is not a vote step`);
  const settings = voteSettingsOf(step);
  const tallies = await talliesOf(tx, workshopId, step);
  return {
    stepId: step.id,
    stepTitle: step.title,
    kind,
    items: tallies.items,
    electorate: tallies.electorate,
    turnout: tallies.turnout,
    threshold: settings.supportThreshold,
    challengeIds: settings.challengeIds,
  };
}

/** The points on one item, in every step, and how many voters gave them: what hiding it gives back. */
export async function pointsOn(tx: Reader, contributionId: string): Promise<{ points: number; voters: number }> {
  const { votes } = tx.tables;
  const row = await first(
    tx
      .select({
        points: sql<number>`coalesce(sum(${votes.points}), 0)`.mapWith(Number),
        voters: sql<number>`count(distinct ${votes.participantId})`.mapWith(Number),
      })
      .from(votes)
      .where(eq(votes.contributionId, contributionId)),
  );
  return { points: row?.points ?? 0, voters: row?.voters ?? 0 };
}

/**
 * Before a command moves votes on these items: their voters' rows, then the items', locked in the
 * order a vote batch locks them (cast.pg.server.ts), so a batch in flight on any of them commits
 * first or waits and sees the change (never points on both items, or a change lost), and the two
 * never wait for each other. PostgreSQL only (lockRows).
 */
export async function lockVotersAndItems(tx: Tx, workshopId: string, itemIds: readonly string[]) {
  const { votes } = tx.tables;
  const voters = await tx
    .selectDistinct({ id: votes.participantId })
    .from(votes)
    .where(inArray(votes.contributionId, [...itemIds]));
  await lockRows(
    tx,
    workshopId,
    "participants",
    voters.map((v) => v.id),
  );
  await lockRows(tx, workshopId, "contributions", itemIds);
}

/**
 * Moves votes from a merged item to its survivor, in every step: each voter keeps their points on
 * the survivor up to that step's cap; the rest is returned to them. Runs inside the merge.
 */
export async function moveVotesOnMerge(tx: Tx, sourceId: string, targetId: string, now: number) {
  const { agendaSteps, votes } = tx.tables;
  const moved = await tx.select().from(votes).where(eq(votes.contributionId, sourceId));
  for (const vote of moved) {
    const step = await first(tx.select().from(agendaSteps).where(eq(agendaSteps.id, vote.stepId)));
    const cap = voteSettingsOf(step ?? { settings: {} }).cap;
    const onTarget = await first(
      tx
        .select({ points: votes.points })
        .from(votes)
        .where(
          and(eq(votes.stepId, vote.stepId), eq(votes.participantId, vote.participantId), eq(votes.contributionId, targetId)),
        ),
    );
    const { points } = mergedPoints(vote.points, onTarget?.points ?? 0, cap);
    await tx
      .delete(votes)
      .where(and(eq(votes.stepId, vote.stepId), eq(votes.participantId, vote.participantId), eq(votes.contributionId, sourceId)));
    await tx
      .insert(votes)
      .values({ ...vote, contributionId: targetId, points, updatedAt: now })
      .onConflictDoUpdate({ target: [votes.stepId, votes.participantId, votes.contributionId], set: { points, updatedAt: now } });
  }
  return [...new Set(moved.map((v) => v.stepId))];
}
