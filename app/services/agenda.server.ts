import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Tx } from "../db/client.server";
import { loadAgenda, roomNow } from "../db/queries/agenda.server";
import { type AgendaStep, applyTimerAction, dayAt, moveStepToDay, resolveOpenChallenges } from "../domain/agenda";
import {
  addStepSchema,
  moveStepSchema,
  renameStepSchema,
  setOpenChallengesSchema,
  setStepDaySchema,
  stepRefSchema,
  timerCommandSchema,
} from "../domain/contributions";
import { fail, ok, type Result, refuse } from "../domain/result";
import { isVoteStep } from "../domain/step-kinds";
import type { NewWorkshopEvent } from "../domain/workshop-state";
import { asFacilitator } from "./access.server";
import type { Actor } from "./actor";
import type { RunCommand } from "./command.server";
import type { ServiceDeps } from "./deps.server";
import { settleElectorates } from "./voting/electorate.server";

/**
 * Running the day: the facilitators shape the agenda, move the room from step to step and run
 * the step timers. Every change is logged and published so phones and the projector follow.
 */
export function createAgendaService(
  { random }: Pick<ServiceDeps, "random">,
  run: RunCommand,
  /** The visible challenges ranked by the last challenge vote, best first: what "top N" takes. */
  challengeRanking: (workshopId: string) => Promise<{ id: string }[]>,
) {
  /** AUTH (a facilitator of this workshop) → VALIDATION → the change (given the agenda) → publish. */
  async function change<S extends z.ZodTypeAny>(
    actor: Actor,
    workshopId: string,
    schema: S,
    input: unknown,
    body: (
      tx: Tx,
      data: z.infer<S>,
      steps: AgendaStep[],
      now: number,
    ) => Result<NewWorkshopEvent[]> | Promise<Result<NewWorkshopEvent[]>>,
  ): Promise<Result<{ steps: AgendaStep[] }>> {
    return run(actor, workshopId, input, {
      authorize: asFacilitator,
      schema,
      resolve: async (tx, data, { now }) => {
        const events = await body(tx, data, await loadAgenda(tx, workshopId), now);
        return events.ok ? ok({ data: { steps: await loadAgenda(tx, workshopId) }, events: events.data }) : events;
      },
    });
  }

  /** Writes the steps' order as 0..n-1 (and each one's day) and returns the agenda event. */
  async function renumber(tx: Tx, ordered: AgendaStep[]): Promise<NewWorkshopEvent> {
    const { agendaSteps } = tx.tables;
    for (const [position, step] of ordered.entries())
      await tx.update(agendaSteps).set({ position, day: step.day }).where(eq(agendaSteps.id, step.id));
    return { type: "agenda.changed", payload: { steps: ordered } };
  }

  const stepNotFound = () => fail("not_found", "This step is not in the workshop's agenda.");

  return {
    addStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, addStepSchema, input, async (tx, data, steps, now) => {
        const { agendaSteps } = tx.tables;
        const { kind, title, afterStepId } = data;
        // A new day (no step after which to add): the step ends that day.
        const day = afterStepId ? undefined : data.day;
        const after = afterStepId
          ? steps.findIndex((s) => s.id === afterStepId)
          : day
            ? steps.findLastIndex((s) => s.day <= day)
            : steps.length - 1;
        if (afterStepId && after === -1) return stepNotFound();
        const step: AgendaStep = {
          id: random.uuid(),
          kind,
          title,
          settings: kind === "collect_solutions" ? { openChallenges: { mode: "all" } } : {},
          timer: null,
          electorate: null,
          day: day ?? steps[after]?.day ?? 1,
        };
        await tx.insert(agendaSteps).values({ ...step, workshopId, position: after + 1, createdAt: now });
        const ordered = [...steps.slice(0, after + 1), step, ...steps.slice(after + 1)];
        return ok([await renumber(tx, ordered)]);
      });
    },

    renameStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, renameStepSchema, input, async (tx, data, steps) => {
        const { agendaSteps } = tx.tables;
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        await tx.update(agendaSteps).set({ title: data.title }).where(eq(agendaSteps.id, step.id));
        return ok([
          {
            type: "agenda.changed",
            payload: { steps: steps.map((s) => (s.id === step.id ? { ...s, title: data.title } : s)) },
          },
        ]);
      });
    },

    moveStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, moveStepSchema, input, async (tx, data, steps) => {
        const index = steps.findIndex((s) => s.id === data.stepId);
        if (index === -1) return stepNotFound();
        const ordered = steps.slice();
        const [step] = ordered.splice(index, 1);
        const to = Math.min(data.toIndex, ordered.length);
        ordered.splice(to, 0, step);
        // Moved across a day's boundary, the step joins that day: the order still runs day by day.
        ordered[to] = { ...step, day: dayAt(ordered, to) };
        return ok([await renumber(tx, ordered)]);
      });
    },

    /** Moves a step to another day (a new one included): it becomes that day's last step. */
    setStepDay(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, setStepDaySchema, input, async (tx, data, steps) => {
        if (!steps.some((s) => s.id === data.stepId)) return stepNotFound();
        return ok([await renumber(tx, moveStepToDay(steps, data.stepId, data.day))]);
      });
    },

    removeStep(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, stepRefSchema, input, async (tx, data, steps) => {
        const { agendaSteps } = tx.tables;
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        const { workshop } = await roomNow(tx, workshopId);
        if (workshop?.currentStepId === step.id)
          return refuse("conflict", "currentStep", "The room is in this step: move it to another step first.");
        if (steps.length === 1) return refuse("conflict", "lastStep", "An agenda needs at least one step.");
        await tx.delete(agendaSteps).where(eq(agendaSteps.id, step.id));
        return ok([
          await renumber(
            tx,
            steps.filter((s) => s.id !== step.id),
          ),
        ]);
      });
    },

    /**
     * Moves the room to any step, forward or back. Opening the workshop's first step takes it live;
     * the closing step closes it. A vote the room leaves keeps its electorate from then on; a pinned
     * item is taken down (it belonged to the step the room leaves).
     */
    goToStep(actor: Actor, workshopId: string, input: unknown) {
      return run(actor, workshopId, input, {
        authorize: asFacilitator,
        schema: stepRefSchema,
        resolve: async (tx, data) => {
          const { workshops } = tx.tables;
          const steps = await loadAgenda(tx, workshopId);
          const step = steps.find((s) => s.id === data.stepId);
          if (!step) return stepNotFound();
          const { workshop, step: current } = await roomNow(tx, workshopId);
          if (!workshop) return stepNotFound();
          if (workshop.currentStepId === step.id) return ok({ data: { steps }, events: [] });
          const events: NewWorkshopEvent[] = [{ type: "step.changed", payload: { currentStepId: step.id } }];
          const status =
            step.kind === "closed"
              ? "closed"
              : workshop.status === "closed" || workshop.status === "draft"
                ? "live"
                : workshop.status;
          // What was pinned belongs to the step the room leaves: the projector shows the new step.
          const unpin = workshop.pinnedContributionId !== null;
          // So do a past vote's results shown again: the projector follows the room to the new step.
          const unshow = workshop.shownResultsStepId !== null;
          await tx
            .update(workshops)
            .set({
              currentStepId: step.id,
              ...(status !== workshop.status ? { status } : {}),
              ...(unpin ? { pinnedContributionId: null } : {}),
              ...(unshow ? { shownResultsStepId: null } : {}),
            })
            .where(eq(workshops.id, workshopId));
          if (status !== workshop.status) events.push({ type: "workshop.statusChanged", payload: { status } });
          if (unpin) events.push({ type: "display.pinned", payload: { contributionId: null } });
          if (unshow) events.push({ type: "workshop.resultsShown", payload: { stepId: null } });
          const settled = await settleElectorates(
            tx,
            workshopId,
            { stepId: current?.id ?? null, kind: current?.kind, status: workshop.status },
            { stepId: step.id, kind: step.kind, status },
          );
          const after = settled ? await loadAgenda(tx, workshopId) : steps;
          if (settled) events.push({ type: "agenda.changed", payload: { steps: after } });
          // Screens entering a vote step get its totals (the coalescer sends them in full).
          return ok({ data: { steps: after }, events, changed: { votes: isVoteStep(step.kind) } });
        },
      });
    },

    timer(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, timerCommandSchema, input, async (tx, data, steps, now) => {
        const { agendaSteps } = tx.tables;
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        const timer = applyTimerAction(step.timer, data.command, now);
        await tx.update(agendaSteps).set({ timer }).where(eq(agendaSteps.id, step.id));
        return ok([{ type: "timer.changed", payload: { stepId: step.id, timer } }]);
      });
    },

    /**
     * Which challenges a collect-solutions step takes answers for: all, the top N of the last
     * challenge vote, or a chosen set. "Top N" is resolved here, once, into the list of ids that
     * is stored and published; applying it again ranks again.
     */
    setOpenChallenges(actor: Actor, workshopId: string, input: unknown) {
      return change(actor, workshopId, setOpenChallengesSchema, input, async (tx, data, steps) => {
        const { agendaSteps, contributions } = tx.tables;
        const step = steps.find((s) => s.id === data.stepId);
        if (!step) return stepNotFound();
        if (step.kind !== "collect_solutions")
          return refuse("validation", "notCollectSolutions", "Only a collect-solutions step has open challenges.");
        const { open } = data;
        if (open.mode === "selected") {
          const known = new Set(
            (
              await tx
                .select({ id: contributions.id, workshopId: contributions.workshopId, kind: contributions.kind })
                .from(contributions)
                .where(eq(contributions.workshopId, workshopId))
            )
              .filter((c) => c.kind === "challenge")
              .map((c) => c.id),
          );
          if (!open.ids.every((id) => known.has(id)))
            return refuse("validation", "challengesNotInWorkshop", "Some of these challenges are not in this workshop.");
        }
        const resolved = resolveOpenChallenges(
          open,
          open.mode === "top" ? (await challengeRanking(workshopId)).map((c) => c.id) : [],
        );
        const settings = { ...step.settings, openChallenges: resolved };
        await tx.update(agendaSteps).set({ settings }).where(eq(agendaSteps.id, step.id));
        return ok([
          { type: "agenda.changed", payload: { steps: steps.map((s) => (s.id === step.id ? { ...s, settings } : s)) } },
        ]);
      });
    },
  };
}
