import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { HELICES, type Helix, sumCounts } from "../../domain/helix";
import { type ItemMetrics, rankItems, roomBalance, withPoints } from "../../domain/helix-metrics";
import type { currentVote } from "../../domain/selectors";
import type { TallyState } from "../../domain/workshop-state";
import { useFormat } from "../../i18n/format";
import { LABEL_COLOR } from "../results";
import { usePages } from "./hooks";
import { helixStyle, StageToolbar } from "./stage";
import { shareOf } from "./stage-layout";

type Vote = NonNullable<ReturnType<typeof currentVote>>;

/** Ballot lines beside the turnout; result rows on a page (fewer under a pinned item). */
const BALLOT_PER_PAGE = 7;
const RESULTS_PER_PAGE = 4;
/** The bar's width on the stage (rem): a helix's share is labelled when its segment is wide enough. */
const BAR_REM = 76;
const SEGMENT_LABEL_REM = 5;

/**
 * While results are hidden: who has voted, by helix, against who could vote — something to watch,
 * and no totals (the room's copy of the tallies holds none). Beside it, what is on the ballot.
 */
export function TurnoutScene({ vote, pinnedId }: { vote: Vote; pinnedId: string | null }) {
  const { t } = useTranslation();
  const tallies = vote.tallies;
  const ballot = vote.items.filter((i) => i.id !== pinnedId);
  const pager = usePages(ballot, pinnedId ? 3 : BALLOT_PER_PAGE);
  return (
    <div className="turnout" data-compact={Boolean(pinnedId)}>
      <section className="turnout-main" aria-labelledby="turnout-title" data-testid="turnout">
        <h3 className="stage-section-title" id="turnout-title">
          {t("display.whoHasVoted")}
        </h3>
        <div aria-live="polite" className="turnout-live">
          <p className="turnout-total" data-testid="turnout-total">
            {t("display.votedOf", {
              voted: tallies ? sumCounts(tallies.turnout) : 0,
              electorate: tallies ? sumCounts(tallies.electorate) : 0,
            })}
          </p>
          <div className="turnout-rows">
            {HELICES.map((h) => (
              <TurnoutRow key={h} helix={h} tallies={tallies} />
            ))}
          </div>
        </div>
        <p className="stage-muted" data-testid="results-hidden">
          {t("vote.hiddenUntilReveal")}
        </p>
      </section>
      <section className="ballot" aria-labelledby="ballot-title">
        <StageToolbar
          title={
            <h3 className="stage-section-title" id="ballot-title">
              {t("display.onTheBallot", { count: ballot.length })}
            </h3>
          }
          pages={pager}
        />
        <ol data-testid="ballot">
          {pager.items.map((item) => (
            <li key={item.id} className="clamp-2" style={helixStyle(item.helix)}>
              {item.title}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function TurnoutRow({ helix, tallies }: { helix: Helix; tallies: TallyState | null }) {
  const { t } = useTranslation();
  const electorate = tallies?.electorate[helix] ?? 0;
  const voted = tallies?.turnout[helix] ?? 0;
  return (
    <div className="turnout-row" style={helixStyle(helix)} data-testid={`turnout-${helix}`}>
      <span className="turnout-row-name stage-swatch">{t(`helix.${helix}.name`)}</span>
      <span className="stage-track" aria-hidden>
        <span className="stage-track-fill" style={{ width: `${shareOf(voted, electorate)}%` }} />
      </span>
      <span>{electorate > 0 ? t("display.helixVoted", { voted, electorate }) : t("display.cannotVote")}</span>
    </div>
  );
}

/**
 * The results: the ranking by balanced score as bars on one scale (the top item is the full
 * width), each bar split into what each helix adds, the numbers printed, the support label,
 * turnout and the balance warning. Four to a page; the top comes first.
 */
export function ResultsScene({
  vote,
  tallies,
  invited,
  pinnedId,
}: {
  vote: Vote;
  tallies: TallyState | null;
  invited: readonly Helix[];
  pinnedId: string | null;
}) {
  const { t } = useTranslation();
  if (!tallies) return <p className="stage-empty">{t("results.noVotes")}</p>;
  return <Ranking vote={vote} tallies={tallies} invited={invited} pinnedId={pinnedId} />;
}

function Ranking({
  vote,
  tallies,
  invited,
  pinnedId,
}: {
  vote: Vote;
  tallies: TallyState;
  invited: readonly Helix[];
  pinnedId: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const ranked = rankItems(vote.items, (i) => tallies.items[i.id], tallies.electorate, {
    threshold: vote.settings.supportThreshold,
  });
  const top = ranked[0]?.metrics.balanced ?? 0;
  // Items nobody gave a point are counted in a line, not paged through.
  const scored = withPoints(ranked);
  const unscored = ranked.length - scored.length;
  const pager = usePages(
    scored.filter((i) => i.id !== pinnedId),
    pinnedId ? 2 : RESULTS_PER_PAGE,
  );
  const balance = roomBalance(tallies.electorate, invited);
  const present = HELICES.filter((h) => tallies.electorate[h] > 0);
  return (
    <>
      <StageToolbar
        title={<h3 className="stage-section-title">{t("results.title")}</h3>}
        pages={pager}
        end={
          unscored > 0 && scored.length > 0 ? (
            <p className="stage-muted" data-testid="results-unscored">
              {t("display.unscored", { count: unscored })}
            </p>
          ) : null
        }
      >
        <p aria-live="polite" data-testid="turnout">
          {t("results.turnout", { voted: sumCounts(tallies.turnout), electorate: sumCounts(tallies.electorate) })}
        </p>
        <ul className="stage-legend">
          <li className="stage-muted">{t("display.barsLegend")}</li>
          {present.map((h) => (
            <li key={h} className="stage-swatch" style={helixStyle(h)}>
              {t(`helix.${h}.name`)}
            </li>
          ))}
        </ul>
      </StageToolbar>
      {balance.dominant || balance.absent.length ? (
        <p className="stage-notice clamp-2" data-testid="balance-notice">
          {balance.dominant
            ? t("results.dominant", {
                helix: t(`helix.${balance.dominant}.name`),
                share: Math.round((balance.dominantShare ?? 0) * 100),
              })
            : null}{" "}
          {balance.absent.length
            ? t("results.absent", { helices: balance.absent.map((h) => t(`helix.${h}.name`)).join(", ") })
            : null}
        </p>
      ) : null}
      {scored.length === 0 ? (
        <p className="stage-empty">{t("results.noVotes")}</p>
      ) : (
        <ol className="results-list" style={{ "--rows": pinnedId ? 2 : RESULTS_PER_PAGE } as CSSProperties} data-testid="results">
          {pager.items.map((item) => (
            <li key={item.id} className="result" data-testid="result-item" data-id={item.id} data-label={item.metrics.label}>
              <span className="result-rank" data-testid="result-rank">
                {t("results.rank", { rank: item.rank })}
              </span>
              <div className="result-main">
                <h3 className="result-title clamp-2" data-testid="result-title">
                  {item.title}
                </h3>
                <HelixBar metrics={item.metrics} top={top} />
              </div>
              <div className="result-numbers">
                <span
                  className="stage-label"
                  style={{ "--label": LABEL_COLOR[item.metrics.label] } as CSSProperties}
                  data-testid="result-label"
                >
                  {t(`results.label.${item.metrics.label}`)}
                </span>
                <span className="result-balanced" data-testid="result-balanced">
                  {t("results.balancedScore", { score: format.score(item.metrics.balanced) })}
                </span>
                <span data-testid="result-raw">{t("display.rawScore", { count: item.metrics.raw })}</span>
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/**
 * One item's balanced score as a bar on the ranking's scale, split by helix: the balanced score is
 * the mean of the helices' points per person, so each present helix adds its support ÷ the number
 * of present helices, and a segment is as long as that share. A wide segment prints its helix's
 * points per person.
 */
function HelixBar({ metrics, top }: { metrics: ItemMetrics; top: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const present = HELICES.filter((h) => metrics.support[h] !== null);
  const label = present
    .map((h) => `${t(`helix.${h}.name`)}: ${format.score(metrics.support[h] ?? 0)} ${t("results.perPerson")}`)
    .join("; ");
  return (
    <div className="stage-track result-bar" role="img" aria-label={label}>
      {present.map((h) => {
        const support = metrics.support[h] ?? 0;
        const width = shareOf(support / present.length, top);
        if (width === 0) return null;
        return (
          <span key={h} className="result-segment" style={{ ...helixStyle(h), width: `${width}%` }} data-testid="helix-bar">
            {(width / 100) * BAR_REM >= SEGMENT_LABEL_REM ? format.score(support) : null}
          </span>
        );
      })}
    </div>
  );
}
