import { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
import { HELICES } from "../domain/helix";
import { PRIORITIES } from "../domain/recommendations";
import { REPORT_SCHEMA_CHANGES, REPORT_SCHEMA_VERSION } from "../domain/report";
import { STEP_KINDS } from "../domain/step-kinds";
import { REPORT_LANGUAGES } from "./i18n";
import type { ReportJson } from "./json";

/**
 * The report model (app/domain/report.ts) as a zod schema, and from it the JSON Schema published
 * for the JSON export (docs/report.schema.json, written by `npm run report:schema`). The type
 * assertion at the bottom stops the build when the schema and `ReportModel` drift apart.
 */

const helix = z.enum(HELICES);
const kind = z.enum(["challenge", "solution"]);
const origin = z.enum(["participant", "host"]);
const label = z.enum(["consensus", "divergent", "single-helix", "none"]);
const count = z.number().int().min(0);
/** A fresh schema at each use, so the JSON Schema spells it out instead of pointing at another field. */
const text = () => z.string();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

const reportNote = () => z.object({ body: text(), by: text().nullable().describe("Who saved it last."), at: timestamp }).strict();

/** One value for each helix, in house order, and nothing else. */
const perHelix = <T extends z.ZodTypeAny>(value: () => T) =>
  z.object({ government: value(), academia: value(), business: value(), community: value() }).strict();

const helixCounts = perHelix(() => count).describe("A count for each helix.");
const helixPoints = perHelix(() => z.number().min(0)).describe("Points given by the participants of each helix.");

const metrics = z
  .object({
    raw: z.number().min(0).describe("Raw score: the sum of the points the item received."),
    points: helixPoints,
    support: perHelix(() => z.number().min(0).nullable()).describe(
      "Points per person, by helix; null for a helix with nobody who could vote (absent, not zero).",
    ),
    balanced: z.number().min(0).describe("Mean of the per-person support of the helices present."),
    breadth: count.describe("How many present helices reach the support threshold."),
    spread: z.number().min(0).describe("Highest minus lowest per-person support of the helices present."),
    label,
    supportedBy: z.array(helix),
    notSupportedBy: z.array(helix),
  })
  .strict();

const rankedEntry = z
  .object({
    id: text(),
    rank: z.number().int().min(1),
    title: text(),
    body: text().nullable(),
    origin,
    helix: helix.nullable(),
    metrics,
  })
  .strict();

const balance = z
  .object({
    dominantHelix: helix.nullable().describe("The helix that was more than half of those who could vote, if any."),
    dominantShare: z.number().min(0).max(1).nullable().describe("Its share of those who could vote (0 to 1)."),
    absentHelices: z.array(helix).describe("Invited helices with no one who could vote."),
  })
  .strict();

const agendaDay = () =>
  z.number().int().min(1).describe("The day of the agenda the step belongs to: 1, 2, … (1 for a one-day workshop).");

const vote = z
  .object({
    stepId: text(),
    title: text().nullable().describe("The step's title; null when it has none of its own."),
    kind,
    number: z.number().int().min(1).describe("1 for the day's first vote, and so on, in agenda order."),
    day: agendaDay(),
    threshold: z.number().min(0).describe("Support threshold: points per person for a helix to support an item."),
    electorate: helixCounts.describe("Who could vote in this vote, by helix."),
    turnout: helixCounts.describe("Who voted in this vote, by helix."),
    pointsGiven: z.number().min(0).describe("The points given to the items listed."),
    balance,
    items: z
      .array(rankedEntry.extend({ kind, challengeId: text().nullable().describe("For a solution: its challenge.") }).strict())
      .describe("The items that received points in this vote, best first."),
  })
  .strict();

/** The vote a ranked section follows (the day's last vote of its kind in which points were given). */
const rankedBy = () => ({
  voted: z.boolean(),
  threshold: z.number().min(0).nullable(),
  voteStepId: text().nullable().describe("The step id of the vote the section is ranked by; null before any vote."),
  electorate: helixCounts.nullable().describe("Who could vote in that vote, by helix."),
  turnout: helixCounts.nullable().describe("Who voted in that vote, by helix."),
});

const owner = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("helix"), helix }).strict(),
  z.object({ kind: z.literal("organisation"), name: text() }).strict(),
]);

const recommendation = z
  .object({
    id: text(),
    title: text(),
    body: text().nullable(),
    owner,
    deadline: day.nullable(),
    priority: z.enum(PRIORITIES),
    linked: z.array(z.object({ id: text(), kind, title: text() }).strict()),
    endorsements: z.object({ byHelix: helixCounts, total: count }).strict(),
  })
  .strict();

const agreementItem = () => ({ id: text(), title: text(), kind, supportedBy: z.array(helix) });

export const reportModelSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    generatedAt: timestamp.describe("When the report was generated (ISO 8601, UTC)."),
    interim: z.boolean().describe("True while the workshop is not closed."),
    title: z
      .object({
        workshop: text(),
        host: text(),
        venue: text().nullable(),
        theme: text().nullable().describe("The context the host wrote for the day (markdown as typed)."),
        dates: z.object({ from: day.nullable(), to: day.nullable() }).strict(),
        facilitators: z.array(text()),
      })
      .strict(),
    summary: z
      .object({
        participants: count,
        contributions: z.object({ challenges: count, solutions: count }).strict(),
        pointsGiven: z.number().min(0).describe("The points given in all the votes of the day."),
        topChallenges: z.array(text()),
        topSolutions: z.array(text()),
      })
      .strict(),
    participation: z
      .object({
        byHelix: helixCounts,
        byRole: z.object({ local_stakeholder: count, international_peer: count, observer: count }).strict(),
        absentHelices: z.array(helix),
        dominantHelix: helix.nullable(),
      })
      .strict(),
    challenges: z.object({ ...rankedBy(), items: z.array(rankedEntry) }).strict(),
    solutions: z
      .object({
        ...rankedBy(),
        byChallenge: z.array(z.object({ challengeId: text(), challenge: text(), items: z.array(rankedEntry) }).strict()),
      })
      .strict(),
    votes: z.array(vote).describe("Every vote of the day, in agenda order, with its own electorate, turnout and ranking."),
    days: z
      .array(
        z
          .object({
            day: agendaDay(),
            date: day
              .nullable()
              .describe("The day's date (the workshop's start date + day − 1); null when the dates are not known."),
          })
          .strict(),
      )
      .min(1)
      .describe(
        "The days the agenda runs over, in order; the other formats list votes and step notes by day when there are several.",
      ),
    agreement: z
      .object({
        consensus: z.array(z.object(agreementItem()).strict()),
        divergent: z.array(
          z
            .object({
              ...agreementItem(),
              label: z.enum(["divergent", "single-helix"]).describe("Divergent, or supported by a single helix only."),
              notSupportedBy: z.array(helix),
            })
            .strict(),
        ),
      })
      .strict(),
    recommendations: z.array(recommendation).describe("The action plan: high priority first, then the facilitators' order."),
    annex: z
      .object({
        contributions: z.array(
          z
            .object({
              id: text(),
              kind,
              title: text(),
              body: text().nullable(),
              helix: helix.nullable(),
              origin,
              parentId: text().nullable(),
              merged: z.array(z.object({ title: text(), body: text().nullable(), helix: helix.nullable() }).strict()),
              revisions: z
                .array(
                  z
                    .object({
                      title: text(),
                      body: text().nullable(),
                      replacedBy: z.enum(["participant", "facilitator"]),
                      facilitator: text().nullable().describe("The facilitator's name when a facilitator replaced it."),
                      replacedAt: timestamp,
                    })
                    .strict(),
                )
                .describe("Earlier wordings of this item, oldest first, with who replaced each and when."),
            })
            .strict(),
        ),
        method: z.array(text()).describe("How the metrics are computed, in the report's language."),
      })
      .strict(),
    notes: z
      .object({
        steps: z.array(
          z
            .object({ stepId: text(), kind: z.enum(STEP_KINDS), title: text().nullable(), day: agendaDay(), note: reportNote() })
            .strict(),
        ),
        challenges: z.array(z.object({ challengeId: text(), title: text(), note: reportNote() }).strict()),
      })
      .strict()
      .describe("The facilitators' rapporteur notes (markdown as typed): on agenda steps in agenda order, and on challenges."),
    language: z.enum(REPORT_LANGUAGES).describe("The language the report was made in (its labels and method)."),
    labels: z
      .object({
        helices: perHelix(() => text()),
        roles: z.object({ local_stakeholder: text(), international_peer: text(), observer: text() }).strict(),
        supportLabels: z.object({ consensus: text(), divergent: text(), "single-helix": text(), none: text() }).strict(),
        priorities: z.object({ high: text(), medium: text(), low: text() }).strict(),
        kinds: z.object({ challenge: text(), solution: text() }).strict(),
      })
      .strict()
      .describe("What a reader sees for each code, in the report's language: the codes themselves never change."),
  })
  .strict();

/** The address the schema names itself by; `.invalid` because it is an identifier, not a download. */
export const REPORT_SCHEMA_ID = "https://helix-review.invalid/report.schema.json";

/** The JSON Schema (draft-07) of the JSON export. */
export function reportJsonSchema(): Record<string, unknown> {
  const { $schema, ...body } = zodToJsonSchema(reportModelSchema, {
    target: "jsonSchema7",
    $refStrategy: "root",
    definitions: {
      Helix: helix,
      Kind: kind,
      Origin: origin,
      Count: count,
      Date: day,
      HelixCounts: helixCounts,
      RankedEntry: rankedEntry,
      Vote: vote,
      Recommendation: recommendation,
    },
  }) as Record<string, unknown>;
  return {
    $schema,
    $id: REPORT_SCHEMA_ID,
    title: "Helix Review workshop report",
    description: `The peer-review report of a Helix Review workshop, as exported in JSON (schema version ${REPORT_SCHEMA_VERSION}). Every other format (DOCX, PDF, HTML, Markdown, CSV) renders this same model.`,
    $comment: `Changes by version, newest first: ${REPORT_SCHEMA_CHANGES.join(" | ")}`,
    ...body,
  };
}

// ── The schema and the type must not drift apart: this fails to compile if they do. ──────────────
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ReportModelSchemaMatchesType = Assert<MutuallyAssignable<z.infer<typeof reportModelSchema>, ReportJson>>;
