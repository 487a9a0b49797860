import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import { HELICES } from "../../domain/helix";
import { endorsementTotal, type RecommendationView } from "../../domain/recommendations";
import { useFormat } from "../../i18n/format";
import { PRIORITY_COLOR } from "../recommendation-card";
import { usePages } from "./hooks";
import { helixStyle, StageToolbar } from "./stage";
import { linkedContributions, shareOf } from "./stage-layout";

const PER_PAGE = 2;
/** A recommendation alone on its page has the whole body: its title and text show this many lines each. */
const ALONE_LINES = 4;

/** The recommendations step: each recommendation with who acts, by when, its priority and live endorsements by helix. */
export function RecommendationsScene({
  recommendations,
  contributions,
}: {
  recommendations: readonly RecommendationView[];
  contributions: readonly ContributionView[];
}) {
  const { t } = useTranslation();
  const pager = usePages(recommendations, PER_PAGE);
  return (
    <>
      <StageToolbar
        title={<h3 className="stage-section-title">{t("display.recommendationsCount", { count: recommendations.length })}</h3>}
        pages={pager}
      />
      {recommendations.length === 0 ? (
        <p className="stage-empty" data-testid="display-recommendations">
          {t("recommendations.phoneEmpty")}
        </p>
      ) : (
        <ol
          className="recommendations"
          style={{ "--rows": pager.items.length } as CSSProperties}
          data-testid="display-recommendations"
        >
          {pager.items.map((rec) => (
            <StageRecommendation
              key={rec.id}
              rec={rec}
              contributions={contributions}
              lines={pager.items.length === 1 ? ALONE_LINES : 2}
            />
          ))}
        </ol>
      )}
    </>
  );
}

function StageRecommendation({
  rec,
  contributions,
  lines,
}: {
  rec: RecommendationView;
  contributions: readonly ContributionView[];
  lines: 2 | typeof ALONE_LINES;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const linked = linkedContributions(rec.linkedIds, contributions);
  const owner = rec.owner.kind === "helix" ? t(`helix.${rec.owner.helix}.name`) : rec.owner.name;
  const total = endorsementTotal(rec.endorsements);
  return (
    <li className="recommendation" data-testid="recommendation">
      <div className="recommendation-main">
        <span
          className="recommendation-priority"
          style={{ "--priority": PRIORITY_COLOR[rec.priority] } as CSSProperties}
          data-testid="priority"
        >
          {t(`recommendations.priority.${rec.priority}`)}
        </span>
        <h3 className={`recommendation-title clamp-${lines}`} data-testid="recommendation-title">
          {rec.title}
        </h3>
        {rec.body ? <p className={`clamp-${lines}`}>{rec.body}</p> : null}
        <p className="stage-card-meta">
          <span data-testid="recommendation-owner">
            {t("recommendations.owner")}: <strong>{owner}</strong>
          </span>
          <span data-testid="recommendation-deadline">
            {t("recommendations.deadline")}:{" "}
            <strong>{rec.deadline ? format.date(rec.deadline) : t("recommendations.noDeadline")}</strong>
          </span>
        </p>
        {linked.length ? (
          <p className="stage-muted clamp-1">
            {t("recommendations.from")}: {linked.map((c) => t("app.quoted", { text: c.title })).join(", ")}
          </p>
        ) : null}
      </div>
      <div className="recommendation-endorsements" data-testid="endorsements" aria-live="polite">
        <p className="recommendation-endorsed">{t("recommendations.endorsedBy", { count: total })}</p>
        <span className="stage-track" aria-hidden>
          {HELICES.map((h) =>
            rec.endorsements[h] > 0 ? (
              <span
                key={h}
                className="stage-track-fill result-segment"
                style={{ ...helixStyle(h), width: `${shareOf(rec.endorsements[h], total)}%` }}
              />
            ) : null,
          )}
        </span>
        <ul className="recommendation-helices">
          {HELICES.map((h) => (
            <li key={h} className="stage-swatch" style={helixStyle(h)} data-testid={`endorsements-${h}`}>
              {t(`helix.${h}.name`)}: <strong>{rec.endorsements[h]}</strong>
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}
