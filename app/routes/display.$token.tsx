import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useTimerChime } from "../components/projector/chime";
import { ClosingScene } from "../components/projector/closing";
import { LobbyScene } from "../components/projector/lobby";
import { RecommendationsScene } from "../components/projector/recommendations";
import { sceneOf } from "../components/projector/scene";
import { ConnectionDot, FullscreenHint, JoinReminder, PinnedCard, StageFrame } from "../components/projector/stage";
import { ResultsScene, TurnoutScene } from "../components/projector/voting";
import { ChallengeWall, SolutionBoard } from "../components/projector/wall";
import { qrCodeDataUri } from "../components/qr-code.server";
import { Countdown, useStepTitle } from "../components/step";
import { shownPastStep, talliesOfResults } from "../domain/past-results";
import { challengesOpenForSolutions, currentStep, currentVote, roomOf, voteOfStep } from "../domain/selectors";
import { lobbySummary } from "../domain/workshop-state";
import { pageTitle } from "../i18n/meta";
import { useWorkshopLive } from "../realtime/use-workshop-live";
import stageStyles from "../styles/stage.css?url";
import { statusFor } from "../utils/http";

/** Full screen, no app header: this is what the room sees on the projector. */
export const handle = { chrome: false };

/** The stage's own sizes (a fixed 16:9 stage scaled to the screen), for this page only. */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: stageStyles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, data?.state.workshop.title ?? { key: "display.title" }),
  { name: "robots", content: "noindex" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const result = await context.services.room.forDisplay(params.token ?? "");
  if (!result.ok) throw new Response(result.error.message, { status: statusFor(result.error) });
  const { chosen } = context.joinAddresses(request.url, await context.sessions.joinOrigin(request.headers.get("Cookie")));
  const { workshop } = result.data.state;
  const participantUrl = `${chosen}/j/${workshop.joinCode}`;
  const ranking = (kind: "challenge" | "solution") => context.services.voting.closingRanking(workshop.id, kind);
  return {
    state: result.data.state,
    // The closing summary's rankings: read when the workshop is closed (see the revalidation below).
    closing:
      workshop.status === "closed" ? { challenges: await ranking("challenge"), solutions: await ranking("solution") } : null,
    // A past vote's results the facilitators show again (null unless the rule allows it): read
    // again when they choose another one (see the revalidation below).
    pastResults: await context.services.voting.shownPastResults(workshop.id),
    displayToken: params.token as string,
    joinUrl: `${new URL(chosen).host}/join`,
    qr: await qrCodeDataUri(participantUrl),
  };
}

/** The projector: one scene per moment of the day, on a stage that fills the screen and never scrolls. */
export default function Display() {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const { state: initial, displayToken, joinUrl, qr, closing: rankings, pastResults } = useLoaderData<typeof loader>();
  const { state, status, authError, clockOffset } = useWorkshopLive(initial, {
    as: "display",
    workshopId: initial.workshop.id,
    displayToken,
  });
  const { workshop } = state;
  const summary = lobbySummary(state);
  const step = currentStep(state);
  const scene = sceneOf(state);
  const closing = scene === "closing";
  const revalidator = useRevalidator();
  // A past vote's results shown again: its totals come from the loader, read once per choice.
  const pastStep = closing ? null : shownPastStep(state);
  const pastTallies = pastStep && pastResults?.stepId === pastStep.id ? talliesOfResults(pastResults) : null;
  const vote = pastStep ? voteOfStep({ ...state, tallies: pastTallies }, pastStep) : currentVote(state);
  const askedForPast = useRef<string | null>(null);
  const pastStepId = pastStep?.id ?? null;
  const pastLoaded = pastResults?.stepId ?? null;
  useEffect(() => {
    if (!pastStepId || pastLoaded === pastStepId || askedForPast.current === pastStepId) return;
    askedForPast.current = pastStepId;
    revalidator.revalidate();
  }, [pastStepId, pastLoaded, revalidator]);
  // The workshop closed while the stage was open: load the final rankings (once per closing).
  const askedForRankings = useRef(false);
  if (!closing) askedForRankings.current = false;
  useEffect(() => {
    if (!closing || rankings || askedForRankings.current) return;
    askedForRankings.current = true;
    revalidator.revalidate();
  }, [closing, rankings, revalidator]);
  // The pin stays until it is taken down or the room moves on (the server unpins on a step change).
  const pinned = scene === "lobby" || closing ? undefined : state.contributions.find((c) => c.id === state.pinnedId);
  const pinnedId = pinned?.id ?? null;
  useTimerChime(closing ? null : (step?.timer ?? null), clockOffset, workshop.settings.timerSound === true);
  const timer = step?.timer && !closing ? <Countdown timer={step.timer} clockOffset={clockOffset} size="xl" /> : null;
  const instructions = closing ? t("step.instructions.closed") : step ? t(`step.instructions.${step.kind}`) : null;

  const view = (() => {
    switch (scene) {
      case "lobby":
        return (
          <LobbyScene
            qr={qr}
            joinUrl={joinUrl}
            code={workshop.joinCode}
            total={summary.total}
            byHelix={summary.byHelix}
            absent={summary.absent}
            participants={state.participants}
          />
        );
      case "challenges":
        return <ChallengeWall contributions={state.contributions} pinnedId={pinnedId} />;
      case "solutions":
        return (
          <SolutionBoard
            contributions={state.contributions}
            openIds={challengesOpenForSolutions(roomOf(state), state.contributions)}
            pinnedId={pinnedId}
          />
        );
      case "turnout":
        return vote ? <TurnoutScene vote={vote} pinnedId={pinnedId} /> : null;
      case "results":
        // A past vote's totals on their way from the server: nothing rather than "no votes yet".
        if (pastStep && !pastTallies) return null;
        return vote ? (
          <ResultsScene vote={vote} tallies={vote.tallies} invited={workshop.settings.helices} pinnedId={pinnedId} />
        ) : null;
      case "recommendations":
        return <RecommendationsScene recommendations={state.recommendations} contributions={state.contributions} />;
      case "closing":
        return (
          <ClosingScene
            total={summary.total}
            byHelix={summary.byHelix}
            contributions={state.contributions}
            recommendations={state.recommendations}
            rankings={rankings}
          />
        );
      case "focus":
        return (
          <div className="stage-focus">
            {pinned ? <PinnedCard item={pinned} /> : <p className="stage-focus-text">{instructions}</p>}
            {timer}
          </div>
        );
    }
  })();

  return (
    <StageFrame
      scene={scene}
      workshopTitle={workshop.title}
      host={workshop.hostOrganisation}
      stepTitle={
        closing ? t("step.kind.closed") : pastStep ? t("pastResults.stageTitle", { title: stepTitle(pastStep) }) : stepTitle(step)
      }
      instructions={
        pastStep ? t("pastResults.roomNow", { step: stepTitle(step) }) : scene === "focus" && !pinned ? null : instructions
      }
      aside={
        <>
          {timer && scene !== "focus" ? <div className="stage-timer">{timer}</div> : null}
          {scene !== "lobby" && !closing ? <JoinReminder qr={qr} joinUrl={joinUrl} code={workshop.joinCode} /> : null}
        </>
      }
      alert={
        authError ? (
          <p className="stage-alert" role="alert">
            {t("display.revoked")}
          </p>
        ) : null
      }
      footer={
        <>
          {/* The lobby and the closing summary count the room themselves. */}
          <p data-testid="room-count">{scene === "lobby" || closing ? null : t("phone.roomCount", { count: summary.total })}</p>
          <div className="stage-footer-end">
            <FullscreenHint />
            <ConnectionDot status={status} closed={closing} />
          </div>
        </>
      }
    >
      {pinned && scene !== "focus" ? <PinnedCard item={pinned} /> : null}
      {view}
    </StageFrame>
  );
}
