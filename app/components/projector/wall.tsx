import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import { countByHelix } from "../../domain/helix";
import { useFreshIds, usePages } from "./hooks";
import { HelixLegend, helixStyle, StageCard, StageToolbar } from "./stage";
import { columnsPerPage, newestFirst, solutionBands } from "./stage-layout";

/** How many have arrived, by helix (the host's own speak for none): the legend of the cards' colours. */
function CountToolbar({
  label,
  items,
  pages,
}: {
  label: string;
  items: readonly ContributionView[];
  pages: { page: number; count: number };
}) {
  const counts = countByHelix(items.flatMap((c) => (c.helix ? [{ helix: c.helix }] : [])));
  const title = (
    <p className="stage-section-title" data-testid="display-count">
      {label}
    </p>
  );
  return (
    <StageToolbar title={title} pages={pages} live>
      <HelixLegend counts={counts} testId="count-by-helix" />
    </StageToolbar>
  );
}

/**
 * The challenges wall while the room collects them: newest first, three by three, the newest
 * highlighted as it arrives; a long wall turns its pages. The pinned item is shown above, not here.
 */
export function ChallengeWall({
  contributions,
  pinnedId,
}: {
  contributions: readonly ContributionView[];
  pinnedId: string | null;
}) {
  const { t } = useTranslation();
  const challenges = contributions.filter((c) => c.kind === "challenge" && c.status === "visible");
  const shown = newestFirst(challenges.filter((c) => c.id !== pinnedId));
  const rows = pinnedId ? 2 : 3;
  const newest = shown[0];
  const pager = usePages(shown, rows * 3, newest && { key: newest.id, index: 0 });
  const fresh = useFreshIds(challenges.map((c) => c.id));
  const mergedInto = (id: string) => contributions.filter((c) => c.status === "merged" && c.mergedInto === id);
  // Under a pinned item the cards are shorter; a line of merged duplicates takes one of the title's.
  // What the crowded wall allows: each card then shows what its row has room for (`fit`).
  const titleLines = (merged: boolean) => ((pinnedId ? 2 : 3) - (merged ? 1 : 0)) as 1 | 2 | 3;
  return (
    <>
      <CountToolbar label={t("display.challengesCount", { count: challenges.length })} items={challenges} pages={pager} />
      {shown.length === 0 ? (
        <p className="stage-empty" data-testid="wall-empty">
          {pinnedId ? t("display.nothingElse") : t("wall.empty")}
        </p>
      ) : (
        <div
          className="wall-grid"
          style={{ "--rows": rows } as CSSProperties}
          data-compact={Boolean(pinnedId)}
          data-testid="wall"
        >
          {pager.items.map((item) => {
            const merged = mergedInto(item.id);
            return (
              <StageCard key={item.id} item={item} fresh={fresh.has(item.id)} lines={titleLines(merged.length > 0)} fit>
                {merged.length ? (
                  <p className="stage-merged clamp-1" data-testid="merged-list">
                    {t("wall.mergedHere")}: {merged.map((m) => t("app.quoted", { text: m.title })).join(", ")}
                  </p>
                ) : null}
              </StageCard>
            );
          })}
        </div>
      )}
    </>
  );
}

/** Solutions a column shows at most; a challenge with more runs on in the next column. */
const SOLUTIONS_PER_COLUMN = 3;
/** Challenges not open for solutions named in the line below the board; the rest are counted. */
const CLOSED_NAMED = 2;

/**
 * The solutions board: a column per challenge open for solutions (in the order the phones offer
 * them), its solutions newest first under it; the challenges not open are named in a line below.
 */
export function SolutionBoard({
  contributions,
  openIds,
  pinnedId,
}: {
  contributions: readonly ContributionView[];
  openIds: readonly string[];
  pinnedId: string | null;
}) {
  const { t } = useTranslation();
  const solutions = contributions.filter((c) => c.kind === "solution" && c.status === "visible");
  const { bands, closed } = solutionBands(
    contributions.filter((c) => c.id !== pinnedId || c.kind === "challenge"),
    openIds,
    pinnedId ? 1 : SOLUTIONS_PER_COLUMN,
  );
  const newest = newestFirst(solutions)[0];
  const pager = usePages(
    bands,
    columnsPerPage(bands.length),
    newest && { key: newest.id, index: bands.findIndex((b) => b.solutions.includes(newest)) },
  );
  const fresh = useFreshIds(solutions.map((c) => c.id));
  return (
    <>
      <CountToolbar label={t("wall.solutionsCount", { count: solutions.length })} items={solutions} pages={pager} />
      {bands.length === 0 ? (
        <p className="stage-empty" data-testid="wall-empty">
          {t("contribute.noOpenChallenges")}
        </p>
      ) : (
        <div
          className="solutions-board"
          style={{ "--columns": Math.max(2, pager.items.length) } as CSSProperties}
          data-testid="wall"
        >
          {pager.items.map((band) => (
            <section
              key={`${band.challenge.id}-${band.part}`}
              className="solutions-column"
              data-testid="challenge-group"
              aria-label={band.challenge.title}
            >
              <div className="solutions-challenge" style={helixStyle(band.challenge.helix)}>
                <div className="stage-card-meta">
                  <span className="solutions-open">{t("wall.openForSolutions")}</span>
                  {band.parts > 1 ? <span>{t("display.part", { part: band.part, parts: band.parts })}</span> : null}
                </div>
                {band.challenge.id === pinnedId ? (
                  <p className="stage-muted">{t("display.pinnedAbove")}</p>
                ) : (
                  <h3 className="stage-card-title clamp-3">{band.challenge.title}</h3>
                )}
              </div>
              <div className="solutions-list">
                {band.solutions.length === 0 ? (
                  <p className="stage-muted">{t("wall.noSolutions")}</p>
                ) : (
                  band.solutions.map((s) => <StageCard key={s.id} item={s} fresh={fresh.has(s.id)} lines={3} compact />)
                )}
              </div>
            </section>
          ))}
        </div>
      )}
      {closed.length > 0 ? (
        <div className="solutions-closed">
          <p>{t("display.notOpen")}</p>
          <ul>
            {closed.slice(0, CLOSED_NAMED).map((c) => (
              <li key={c.id} data-testid="challenge-group">
                <span>{c.title}</span>
              </li>
            ))}
          </ul>
          {closed.length > CLOSED_NAMED ? <p>{t("display.andMore", { count: closed.length - CLOSED_NAMED })}</p> : null}
        </div>
      ) : null}
    </>
  );
}
