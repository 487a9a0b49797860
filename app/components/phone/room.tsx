import { Alert, Button, Card, Collapse, Group, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useActionData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { wasRemoved } from "../../domain/privacy";
import { canEndorse, endorsementsOpen } from "../../domain/recommendations";
import type { AppError } from "../../domain/result";
import {
  ballotShown,
  canChangeContribution,
  currentStep,
  currentVote,
  endorsedShown,
  participantAbilities,
  resultsBeforeBallot,
  roomOf,
  roomSeesResults,
} from "../../domain/selectors";
import type { Ballot as BallotState } from "../../domain/sync";
import { lobbySummary, type ParticipantSelf, type WorkshopState, type WorkshopView } from "../../domain/workshop-state";
import { queuedEndorsements, queuedVotes, refused } from "../../realtime/outbox";
import { useOutbox } from "../../realtime/use-outbox";
import { useWorkshopLive } from "../../realtime/use-workshop-live";
import { AbsentHelicesNotice } from "../absent-helices";
import { ConnectionIndicator } from "../connection-indicator";
import { HelixBadge, HelixCountTiles } from "../helix";
import { Markdown } from "../markdown";
import { PhoneResults, Turnout } from "../results";
import { Countdown, useStepTitle } from "../step";
import { Wall } from "../wall";
import { Ballot } from "./ballot";
import { ContributeForm } from "./contribute-form";
import { EndorseList } from "./endorse-list";
import { MyContributions, type OwnChanges } from "./my-contributions";
import { NotSent } from "./not-sent";
import { ProfileForm } from "./profile-form";
import { RemovedNotice } from "./removed";

/** What the route hands the room: the loader's snapshot of the workshop and of this participant. */
export type RoomProps = {
  workshop: WorkshopView;
  me: ParticipantSelf;
  initial: WorkshopState;
  mine: string[];
  initialBallot: BallotState | null;
  initialEndorsed: string[];
  joinKey: string;
};

/**
 * The room on a participant's phone once joined: the step, what they may do in it (contribute,
 * vote, endorse), results when the room sees them, the wall and their profile. Live over the
 * socket; its own chunk (see j.$code.tsx), so a phone that has not joined yet does not load it.
 */
/** What the page's action (routes/j.$code.tsx) answers a change of the phone's details with. */
export type ProfileAnswer = { error: AppError | null; saved: boolean };

export default function Room({ workshop, me, initial, mine, initialBallot, initialEndorsed, joinKey }: RoomProps) {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const actionData = useActionData<ProfileAnswer>();
  const [editing, { toggle }] = useDisclosure(Boolean(actionData?.error));
  const { state, status, authError, clockOffset, socket, ballot, setBallot, endorsed, setEndorsed } = useWorkshopLive(
    initial,
    { as: "participant", workshopId: workshop.id },
    initialBallot,
    initialEndorsed,
  );
  const [myIds, setMyIds] = useState(() => new Set(mine));
  // Every write goes through the outbox; its answers update what the server has confirmed.
  const outbox = useOutbox({
    workshopId: workshop.id,
    participantId: me.id,
    socket,
    status,
    onSent: (sent) => {
      if (sent.event === "contribution:submit") setMyIds((ids) => new Set(ids).add(sent.data.id));
      if (sent.event === "recommendation:endorse") {
        const { recommendationId: id, endorsed: on } = sent.data;
        setEndorsed((list) => (on ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)));
      }
      if (sent.event === "vote:set" && sent.payload.stepId) {
        const { stepId } = sent.payload;
        const { contributionId, points, remaining } = sent.data;
        setBallot((confirmed) => ({
          stepId,
          points: { ...(confirmed?.stepId === stepId ? confirmed.points : {}), [contributionId]: points },
          remaining,
        }));
      }
    },
  });
  const changes: OwnChanges = {
    edit: (item, text) =>
      outbox.queue((clientId) => ({
        event: "contribution:edit",
        payload: { contributionId: item.id, ...text, clientId },
        about: item.title,
      })),
    withdraw: (item) =>
      outbox.queue(() => ({ event: "contribution:withdraw", payload: { contributionId: item.id }, about: item.title })),
  };
  const summary = lobbySummary(state);
  const closed = state.workshop.status === "closed";
  const step = currentStep(state);
  const inLobby = !step || step.kind === "lobby";
  const myItems = state.contributions.filter((c) => myIds.has(c.id) && c.status !== "merged");
  // What the phone shows endorsed: confirmed, with what waits in the outbox.
  const queuedEndorsed = queuedEndorsements(outbox.items);
  const myEndorsed = endorsedShown(endorsed, queuedEndorsed);
  // What this phone has given since the page loaded (the server's `me.locked` covers what came before).
  const given = myIds.size + myEndorsed.length + Object.values(ballot?.points ?? {}).filter((points) => points > 0).length;
  const can = participantAbilities(state, me, given);
  const accepting = can.submit;
  const openChallenges = can.openChallengeIds.flatMap((id) => state.contributions.find((c) => c.id === id) ?? []);
  const locked = me.locked || !can.editProfile;
  const endorsing = endorsementsOpen(step?.kind, state.workshop.status);
  // After the day (closing step, or the workshop closed), the action plan stays on the phone to read.
  const showRecommendations = endorsing || ((step?.kind === "closed" || closed) && state.recommendations.length > 0);
  const vote = currentVote(state);
  // The ballot as the phone shows it: confirmed points with the votes still waiting to be sent.
  const queuedPoints = vote ? queuedVotes(outbox.items, vote.step.id) : new Map<string, number>();
  const myBallot = vote && ballotShown(vote, ballot, queuedPoints);
  const resultsFirst = vote ? resultsBeforeBallot(vote.settings) : false;
  /** What the room sees of the vote: its results, or while they are hidden, who has voted. */
  const voteSeen = !vote ? null : vote.tallies && !vote.tallies.hidden ? (
    <PhoneResults tallies={vote.tallies} items={vote.items} threshold={vote.settings.supportThreshold} helix={me.helix} />
  ) : roomSeesResults(vote.settings) ? null : (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Text size="sm" data-testid="results-hidden">
          {t("vote.hiddenUntilReveal")}
        </Text>
        {vote.tallies ? <Turnout tallies={vote.tallies} compact /> : null}
      </Stack>
    </Card>
  );
  // Refused votes and endorsements: their step may be over, so they are told near the top.
  const notSent = refused(outbox.items).filter((i) => i.event === "vote:set" || i.event === "recommendation:endorse");

  // Removed by a facilitator: say so, instead of reconnecting forever.
  if (wasRemoved(authError)) return <RemovedNotice onJoinAgain={() => window.location.assign(`/j/${workshop.joinCode}`)} />;

  return (
    <Stack gap="md">
      {/* The status badge moves under a title too long to share the line ("Recommendations", 360 px). */}
      <Group justify="space-between" align="center" gap="xs" wrap="wrap">
        <Title order={1} size="h3" style={{ minWidth: 0 }} data-testid={inLobby ? "youre-in" : "phone-step-title"}>
          {inLobby ? t("phone.youreIn") : stepTitle(step)}
        </Title>
        <ConnectionIndicator status={status} size="md" />
      </Group>
      {closed ? (
        <Alert color="gray" data-testid="closed-notice">
          {t("phone.closedNotice")}
        </Alert>
      ) : null}
      {!closed && (step || inLobby) ? (
        <Card withBorder data-testid="phone-step">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            {/* The lobby's own instruction asks the room to join; this phone has joined: it waits. */}
            <Text>{inLobby ? t("phone.waitForFacilitator") : t(`step.instructions.${step?.kind ?? "lobby"}`)}</Text>
            {step?.timer ? <Countdown timer={step.timer} clockOffset={clockOffset} /> : null}
          </Group>
        </Card>
      ) : null}
      <NotSent items={notSent} onDismiss={outbox.dismiss} />
      {accepting ? (
        <ContributeForm
          key={`${step?.id}-${accepting}`}
          kind={accepting}
          openChallenges={openChallenges}
          online={status === "online"}
          onSubmit={(input) => outbox.submit(input)}
          statusOf={outbox.statusOf}
        />
      ) : null}
      {/* The ballot first while results are live; results revealed after being hidden are the news, above it. */}
      {vote && resultsFirst ? voteSeen : null}
      {vote && myBallot && can.vote ? (
        <Ballot
          items={vote.items}
          ballot={myBallot}
          settings={vote.settings}
          online={status === "online"}
          mine={myIds}
          waiting={new Set(queuedPoints.keys())}
          onVote={(item, from, points) =>
            outbox.queue((clientId) => ({
              event: "vote:set",
              payload: { clientId, contributionId: item.id, points, stepId: myBallot.stepId },
              about: item.title,
              from,
            }))
          }
        />
      ) : null}
      {vote && !resultsFirst ? voteSeen : null}
      {showRecommendations ? (
        <EndorseList
          key={step?.id}
          recommendations={state.recommendations}
          contributions={state.contributions}
          endorsed={myEndorsed}
          canEndorse={canEndorse(me.role)}
          open={endorsing}
          status={status}
          waiting={new Set(queuedEndorsed.keys())}
          onEndorse={(rec, on) =>
            outbox.queue((clientId) => ({
              event: "recommendation:endorse",
              payload: { recommendationId: rec.id, endorsed: on, clientId },
              about: rec.title,
            }))
          }
        />
      ) : null}
      <MyContributions
        items={myItems}
        outbox={outbox.items}
        canChange={(item) => canChangeContribution(roomOf(state), item)}
        changes={changes}
        onDismiss={outbox.dismiss}
      />
      <Card withBorder>
        <Stack gap="xs">
          <Group gap="xs">
            <HelixBadge helix={me.helix} size="lg" />
            {me.displayName ? <Text fw={600}>{me.displayName}</Text> : null}
          </Group>
          <Text data-testid="speaking-for">
            {t("phone.speakingFor", { helix: t(`helix.${me.helix}.name`), role: t(`role.${me.role}.name`) })}
          </Text>
        </Stack>
      </Card>
      {!inLobby && !vote && !showRecommendations && state.contributions.length > 0 ? (
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t("wall.title")}
          </Title>
          <Wall contributions={state.contributions} openIds={accepting === "solution" ? can.openChallengeIds : undefined} />
        </Stack>
      ) : null}
      <Text fw={600} data-testid="room-count">
        {t("phone.roomCount", { count: summary.total })}
      </Text>
      <HelixCountTiles counts={summary.byHelix} />
      <AbsentHelicesNotice absent={summary.absent} />
      {state.workshop.theme ? (
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            {t("phone.theme")}
          </Title>
          <Markdown>{state.workshop.theme}</Markdown>
        </Card>
      ) : null}
      {locked ? (
        <Text size="sm" c="dimmed">
          {t("phone.locked")}
        </Text>
      ) : !closed ? (
        <>
          <Button variant="subtle" onClick={toggle} aria-expanded={editing}>
            {t("phone.changeProfile")}
          </Button>
          {actionData?.saved ? (
            <Text size="sm" c="green.9" role="status">
              {t("phone.saved")}
            </Text>
          ) : null}
          <Collapse in={editing}>
            <ProfileForm workshop={state.workshop} me={me} joinKey={joinKey} error={actionData?.error} />
          </Collapse>
        </>
      ) : null}
    </Stack>
  );
}
