import { type CSSProperties, type ReactNode, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import { HELICES, HELIX_COLORS, type Helix, type HelixCounts } from "../../domain/helix";
import type { ConnectionStatus } from "../../realtime/use-workshop-live";
import { useBriefly, useFitLines, useFullscreenKey } from "./hooks";
import type { Scene } from "./scene";
import { fitMonospace } from "./stage-layout";

/**
 * The frame every step of the projector shares: the step (header), the one thing the room looks
 * at now (body), and the room and the connection (footer). Sizes live in app/styles/stage.css.
 */

/** A helix's colour as the CSS variable the stage's cards, tags and bars paint with. */
export const helixStyle = (helix: Helix | null | undefined): CSSProperties | undefined =>
  helix ? ({ "--helix": HELIX_COLORS[helix] } as CSSProperties) : undefined;

export function StageFrame({
  scene,
  workshopTitle,
  host,
  stepTitle,
  instructions,
  aside,
  footer,
  alert,
  children,
}: {
  scene: Scene;
  workshopTitle: string;
  host: string;
  stepTitle: string;
  instructions: string | null;
  aside?: ReactNode;
  footer: ReactNode;
  alert?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="stage-screen">
      <main className="stage" data-scene={scene} data-testid="stage">
        {alert}
        <header className="stage-header">
          <div className="stage-heading">
            <h1 className="stage-workshop clamp-1">
              {workshopTitle}
              {host ? <span className="stage-muted"> · {host}</span> : null}
            </h1>
            <h2 className="stage-step clamp-1" data-testid="display-step-title">
              {stepTitle}
            </h2>
            {instructions ? <p className="stage-instructions clamp-2">{instructions}</p> : null}
          </div>
          {aside ? <div className="stage-header-aside">{aside}</div> : null}
        </header>
        <div className="stage-body" data-testid="stage-body">
          {children}
        </div>
        <footer className="stage-footer">{footer}</footer>
      </main>
    </div>
  );
}

/**
 * The join address on one line, never broken mid-word: its font shrinks to fit `widthRem` (the
 * width of the column it sits in, from stage.css) from at most `maxRem`.
 */
export function JoinUrl({ url, widthRem, maxRem }: { url: string; widthRem: number; maxRem: number }) {
  return (
    <p
      className="stage-url"
      style={{ fontSize: `${fitMonospace(url.length, widthRem, maxRem)}rem` }}
      data-testid="display-join-url"
    >
      {url}
    </p>
  );
}

/** Width of the reminder's text column (rem, stage.css `.stage-reminder-text`). */
const REMINDER_TEXT_REM = 22;

/** After the lobby, while the workshop is open: the code and a small QR in the corner. */
export function JoinReminder({ qr, joinUrl, code }: { qr: string; joinUrl: string; code: string }) {
  const { t } = useTranslation();
  return (
    <div className="stage-reminder" data-testid="join-reminder">
      <img src={qr} alt={t("workshop.qrAlt")} />
      <div className="stage-reminder-text">
        <p className="stage-muted">{t("display.joinAt")}</p>
        <JoinUrl url={joinUrl} widthRem={REMINDER_TEXT_REM} maxRem={1.75} />
        <p className="stage-code" data-testid="display-join-code">
          {code}
        </p>
      </div>
    </div>
  );
}

const DOT: Record<ConnectionStatus, string> = { online: "#2b8a3e", connecting: "#f08c00", offline: "#e03131" };

/**
 * Whether what the room sees is live, small in the corner. A closed workshop is not "Live": the
 * dot then only says the projector is connected.
 */
export function ConnectionDot({ status, closed }: { status: ConnectionStatus; closed: boolean }) {
  const { t } = useTranslation();
  const label = status === "online" && closed ? t("display.connected") : t(`connection.${status}`);
  return (
    <span
      className="stage-connection"
      role="status"
      aria-live="polite"
      data-testid="connection"
      data-status={status}
      style={{ "--dot": DOT[status] } as CSSProperties}
    >
      {label}
    </span>
  );
}

/** How long the full-screen hint stays (stage.css fades it out in its last 0.6 s). */
const HINT_MS = 6_000;

/** F toggles full screen; a hint says so for a few seconds, and again after every toggle. */
export function FullscreenHint() {
  const { t } = useTranslation();
  const fullscreen = useFullscreenKey();
  const shown = useBriefly(fullscreen, HINT_MS);
  if (!shown) return null;
  return (
    <span className="stage-hint" data-testid="fullscreen-hint" key={String(fullscreen)}>
      {t(fullscreen ? "display.fullscreenExit" : "display.fullscreenHint")}
    </span>
  );
}

/** "Page 2 of 3" and a dot per page, beside a list that turns its pages on its own. */
export function PageIndicator({ page, count }: { page: number; count: number }) {
  const { t } = useTranslation();
  if (count <= 1) return null;
  return (
    <p className="stage-page" data-testid="display-page">
      {t("display.page", { page, count })}
      <span className="stage-page-dots" aria-hidden>
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a dot per page number.
          <span key={i} data-current={i + 1 === page} />
        ))}
      </span>
    </p>
  );
}

/**
 * The row above a list: what it is and how many, anything that goes with it (a legend), and at
 * the end a note (`end`) and which page shows. `live` announces changes of the count to screen
 * readers.
 */
export function StageToolbar({
  title,
  pages,
  end,
  live = false,
  children,
}: {
  title: ReactNode;
  pages?: { page: number; count: number };
  end?: ReactNode;
  live?: boolean;
  children?: ReactNode;
}) {
  return (
    <div className="stage-toolbar">
      <div className="stage-toolbar-start" aria-live={live ? "polite" : undefined}>
        {title}
        {children}
      </div>
      <div className="stage-toolbar-end">
        {end}
        {pages ? <PageIndicator page={pages.page} count={pages.count} /> : null}
      </div>
    </div>
  );
}

/** A swatch and a count per helix: the legend of the cards' colours and who has spoken. */
export function HelixLegend({ counts, testId }: { counts: HelixCounts; testId?: string }) {
  const { t } = useTranslation();
  return (
    <ul className="stage-legend" data-testid={testId}>
      {HELICES.map((h) => (
        <li key={h} className="stage-swatch" style={helixStyle(h)} data-testid={testId ? `${testId}-${h}` : undefined}>
          {t(`helix.${h}.name`)} <strong>{counts[h]}</strong>
        </li>
      ))}
    </ul>
  );
}

/** Whom a contribution speaks for: its helix in its colour, or the host's own. */
export function HelixTag({ item }: { item: Pick<ContributionView, "origin" | "helix"> }) {
  const { t } = useTranslation();
  if (item.origin === "host")
    return (
      <span className="stage-tag" data-variant="outline">
        {t("wall.host")}
      </span>
    );
  if (!item.helix) return null;
  return (
    <span className="stage-tag" style={helixStyle(item.helix)}>
      {t(`helix.${item.helix}.name`)}
    </span>
  );
}

/**
 * One contribution on the stage: helix colour down its side, its title, who it speaks for.
 * `compact` (a narrow column) puts the helix before the title instead of on a line of its own.
 */
export function StageCard({
  item,
  fresh = false,
  lines: fallbackLines = 3,
  fit = false,
  compact = false,
  children,
}: {
  item: ContributionView;
  fresh?: boolean;
  /** The title's lines; with `fit`, until the card has been measured. */
  lines?: 1 | 2 | 3 | 4;
  /** A card whose height is its grid row's: its title shows as many whole lines as fit (useFitLines). */
  fit?: boolean;
  compact?: boolean;
  children?: ReactNode;
}) {
  const card = useRef<HTMLElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const lines = useFitLines(card, title, fallbackLines, fit && !compact);
  return (
    <article
      ref={card}
      className="stage-card"
      style={helixStyle(item.helix)}
      data-testid="contribution"
      data-id={item.id}
      data-fresh={fresh}
    >
      {compact ? (
        <h3 className={`stage-card-title clamp-${lines}`} data-testid="card-title">
          <HelixTag item={item} /> {item.title}
        </h3>
      ) : (
        <>
          <h3 ref={title} className={`stage-card-title clamp-${lines}`} data-testid="card-title">
            {item.title}
          </h3>
          <div className="stage-card-meta stage-card-byline">
            <HelixTag item={item} />
            {item.authorName ? <span className="stage-card-author">{item.authorName}</span> : null}
          </div>
        </>
      )}
      {children}
    </article>
  );
}

/** The contribution the facilitator pinned: large, above whatever the step shows, until unpinned. */
export function PinnedCard({ item }: { item: ContributionView }) {
  const { t } = useTranslation();
  return (
    <article className="stage-card stage-pinned" style={helixStyle(item.helix)} data-testid="display-pinned">
      <p className="stage-pinned-label">{t("display.pinned")}</p>
      <h3 className="stage-card-title clamp-2" data-testid="card-title">
        {item.title}
      </h3>
      {item.body ? <p className="clamp-2">{item.body}</p> : null}
      <div className="stage-card-meta">
        <HelixTag item={item} />
        {item.authorName ? <span>{item.authorName}</span> : null}
      </div>
    </article>
  );
}
