import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { HelixCounts } from "../../domain/helix";
import type { ClosingRanked } from "../../domain/helix-metrics";
import { endorsementTotal, type RecommendationView } from "../../domain/recommendations";
import { useFormat } from "../../i18n/format";
import { PRIORITY_COLOR } from "../recommendation-card";
import { HelixTiles } from "./lobby";
import { helixStyle } from "./stage";
import { challengesBySolutions, linkedContributions } from "./stage-layout";

/** How many recommendations and challenges the summary names; the rest are counted. */
const SHOWN = 4;
/** How many of a vote's top items the summary names: three, or two each when both kinds were voted on. */
const TOP = 3;
const TOP_OF_TWO = 2;

/** The final rankings the server read for the summary (null until loaded). */
export type ClosingRankings = { challenges: readonly ClosingRanked[]; solutions: readonly ClosingRanked[] } | null;

/**
 * The end of the day: who took part by helix, the recommendations with their endorsements, and
 * the top challenges and solutions of the last votes whose results the room saw (without such a
 * vote, the challenges the room worked on most). No join address, nothing "live".
 */
export function ClosingScene({
  total,
  byHelix,
  contributions,
  recommendations,
  rankings,
}: {
  total: number;
  byHelix: HelixCounts;
  contributions: readonly ContributionView[];
  recommendations: readonly RecommendationView[];
  rankings: ClosingRankings;
}) {
  const { t } = useTranslation();
  // The challenges that drew solutions, most first (all of them if none did).
  const ranked = challengesBySolutions(contributions);
  const answered = ranked.filter((c) => c.solutions > 0);
  const challenges = answered.length ? answered : ranked;
  // The solutions the action plan was drafted from: what the day carried forward.
  const linkedTitles = (rec: RecommendationView) =>
    linkedContributions(rec.linkedIds, contributions).map((c) => t("app.quoted", { text: c.title }));
  const more = (count: number) =>
    count > SHOWN ? <p className="stage-muted">{t("display.andMore", { count: count - SHOWN })}</p> : null;
  const voted = rankings && (rankings.challenges.length > 0 || rankings.solutions.length > 0) ? rankings : null;
  const top = voted && voted.challenges.length > 0 && voted.solutions.length > 0 ? TOP_OF_TWO : TOP;
  return (
    // With rankings, the last column is the widest: whole titles, the scores on one line.
    <div className={voted ? "closing closing-with-top" : "closing"} data-testid="display-closing">
      <section aria-labelledby="closing-people">
        <h3 className="stage-section-title" id="closing-people" data-testid="display-total">
          {t("display.tookPart", { count: total })}
        </h3>
        <HelixTiles counts={byHelix} />
      </section>
      <section aria-labelledby="closing-recommendations">
        <h3 className="stage-section-title" id="closing-recommendations">
          {t("display.recommendationsCount", { count: recommendations.length })}
        </h3>
        {recommendations.length === 0 ? <p className="stage-muted">{t("display.noRecommendations")}</p> : null}
        <ol className="closing-list" data-testid="closing-recommendations">
          {recommendations.slice(0, SHOWN).map((rec) => (
            <li key={rec.id} style={{ "--helix": PRIORITY_COLOR[rec.priority] } as CSSProperties}>
              <strong className="clamp-2">{rec.title}</strong>
              {linkedTitles(rec).length ? (
                <span className="clamp-1">
                  {t("recommendations.from")}: {linkedTitles(rec).join(", ")}
                </span>
              ) : null}
              <span className="stage-muted">
                {t(`recommendations.priority.${rec.priority}`)} ·{" "}
                {t("recommendations.endorsedBy", { count: endorsementTotal(rec.endorsements) })}
              </span>
            </li>
          ))}
        </ol>
        {more(recommendations.length)}
      </section>
      {voted ? (
        <section aria-label={t("display.topOfTheDay")} data-testid="closing-top">
          <TopList kind="challenge" items={voted.challenges.slice(0, top)} contributions={contributions} />
          <TopList kind="solution" items={voted.solutions.slice(0, top)} contributions={contributions} />
        </section>
      ) : (
        <section aria-labelledby="closing-challenges">
          <h3 className="stage-section-title" id="closing-challenges">
            {t("display.challengesWorkedOn")}
          </h3>
          <ol className="closing-list" data-testid="closing-challenges">
            {challenges.slice(0, SHOWN).map(({ challenge, solutions }) => (
              <li key={challenge.id} style={helixStyle(challenge.helix)}>
                <strong className="clamp-2">{challenge.title}</strong>
                {solutions > 0 ? <span className="stage-muted">{t("wall.solutionsCount", { count: solutions })}</span> : null}
              </li>
            ))}
          </ol>
          {more(challenges.length)}
        </section>
      )}
    </div>
  );
}

/** The top of one vote, as the room last saw it: rank, title, label and both scores. */
function TopList({
  kind,
  items,
  contributions,
}: {
  kind: "challenge" | "solution";
  items: readonly ClosingRanked[];
  contributions: readonly ContributionView[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (items.length === 0) return null;
  const titleOf = (id: string) => contributions.find((c) => c.id === id);
  const headingId = `closing-top-${kind}`;
  return (
    <>
      <h3 className="stage-section-title" id={headingId}>
        {t(kind === "challenge" ? "display.topChallenges" : "display.topSolutions")}
      </h3>
      <ol className="closing-list" aria-labelledby={headingId} data-testid={`closing-top-${kind}s`}>
        {items.map((item) => {
          const contribution = titleOf(item.id);
          return (
            <li key={item.id} style={contribution ? helixStyle(contribution.helix) : undefined}>
              <strong className="clamp-2">
                {t("results.rank", { rank: item.rank })} {contribution?.title ?? ""}
              </strong>
              <span className="stage-muted">
                {t(`results.label.${item.label}`)} · {t("results.balancedScore", { score: format.score(item.balanced) })} ·{" "}
                {t("results.rawScore", { count: item.raw })}
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
