import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import type { HelixCounts } from "../../domain/helix";
import { endorsementTotal, type RecommendationView } from "../../domain/recommendations";
import { PRIORITY_COLOR } from "../recommendation-card";
import { HelixTiles } from "./lobby";
import { helixStyle } from "./stage";
import { challengesBySolutions, linkedContributions } from "./stage-layout";

/** How many recommendations and challenges the summary names; the rest are counted. */
const SHOWN = 4;

/**
 * The end of the day: who took part by helix, the recommendations with their endorsements, and
 * the challenges the room worked on most. No join address, nothing "live".
 */
export function ClosingScene({
  total,
  byHelix,
  contributions,
  recommendations,
}: {
  total: number;
  byHelix: HelixCounts;
  contributions: readonly ContributionView[];
  recommendations: readonly RecommendationView[];
}) {
  const { t } = useTranslation();
  // The challenges that drew solutions, most first (all of them if none did).
  const ranked = challengesBySolutions(contributions);
  const answered = ranked.filter((c) => c.solutions > 0);
  const challenges = answered.length ? answered : ranked;
  // The solutions the action plan was drafted from: what the day carried forward.
  const linkedTitles = (rec: RecommendationView) => linkedContributions(rec.linkedIds, contributions).map((c) => `“${c.title}”`);
  const more = (count: number) =>
    count > SHOWN ? <p className="stage-muted">{t("display.andMore", { count: count - SHOWN })}</p> : null;
  return (
    <div className="closing" data-testid="display-closing">
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
    </div>
  );
}
