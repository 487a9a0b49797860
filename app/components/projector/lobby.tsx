import { useTranslation } from "react-i18next";
import { HELICES, type Helix, type HelixCounts } from "../../domain/helix";
import type { LobbyParticipant } from "../../domain/workshop-state";
import { helixStyle, JoinUrl } from "./stage";

/** The join text column's width (rem, stage.css `.lobby-join-text`): the address fits it on one line. */
const JOIN_TEXT_REM = 36.5;
/** The most names the lobby lists (the latest to join); the tiles count everyone. */
const NAMES_SHOWN = 6;

/** Participants per helix as large tiles; a helix nobody speaks for yet says so. */
export function HelixTiles({ counts }: { counts: HelixCounts }) {
  const { t } = useTranslation();
  return (
    <ul className="helix-tiles">
      {HELICES.map((h) => (
        <li key={h} className="helix-tile" style={helixStyle(h)} data-absent={counts[h] === 0} data-testid={`helix-count-${h}`}>
          <span className="helix-tile-name">{t(`helix.${h}.name`)}</span>
          <span className="helix-tile-count">{counts[h]}</span>
        </li>
      ))}
    </ul>
  );
}

/** The lobby: how to join (the hero), and the room filling up by helix. */
export function LobbyScene({
  qr,
  joinUrl,
  code,
  total,
  byHelix,
  absent,
  participants,
}: {
  qr: string;
  joinUrl: string;
  code: string;
  total: number;
  byHelix: HelixCounts;
  absent: Helix[];
  participants: readonly LobbyParticipant[];
}) {
  const { t } = useTranslation();
  const named = participants.filter((p) => p.displayName);
  const latest = named.slice(-NAMES_SHOWN).reverse();
  return (
    <div className="lobby">
      <section className="lobby-join" aria-label={t("display.howToJoin")}>
        <img className="lobby-qr" src={qr} alt={t("workshop.qrAlt")} />
        <div className="lobby-join-text">
          <p className="lobby-label">{t("display.joinAt")}</p>
          <JoinUrl url={joinUrl} widthRem={JOIN_TEXT_REM} maxRem={3.5} />
          <p className="lobby-label">{t("display.withCode")}</p>
          <p className="stage-code lobby-code" data-testid="display-join-code">
            {code}
          </p>
        </div>
      </section>
      <section className="lobby-room" aria-labelledby="lobby-room-title" aria-live="polite">
        <h3 className="lobby-room-title" id="lobby-room-title">
          {t("display.inTheRoom")}
          <span className="lobby-total" data-testid="display-total">
            {total}
          </span>
        </h3>
        <HelixTiles counts={byHelix} />
        {total === 0 ? (
          <p className="stage-muted">{t("display.waiting")}</p>
        ) : absent.length > 0 ? (
          <p className="stage-notice" data-testid="absent-helices">
            {t("lobby.absentHelix", { helices: absent.map((h) => t(`helix.${h}.name`)).join(", ") })}
          </p>
        ) : (
          <p className="stage-muted">{t("lobby.allHelicesPresent")}</p>
        )}
        {named.length > 0 ? (
          <ul className="lobby-names" data-testid="display-names">
            {latest.map((p) => (
              <li key={p.id} style={helixStyle(p.helix)}>
                <span>{p.displayName}</span>
              </li>
            ))}
            {named.length > latest.length ? <li>{t("display.andMore", { count: named.length - latest.length })}</li> : null}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
