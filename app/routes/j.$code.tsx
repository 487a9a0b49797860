import { randomUUID } from "node:crypto";
import { Alert, Button, Card, Collapse, Container, Group, Radio, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AbsentHelicesNotice } from "../components/absent-helices";
import { ConnectionIndicator } from "../components/connection-indicator";
import { useErrorText, useFieldErrors } from "../components/field-error";
import { HelixBadge, HelixCountTiles } from "../components/helix";
import { Markdown } from "../components/markdown";
import { Ballot } from "../components/phone/ballot";
import { ContributeForm } from "../components/phone/contribute-form";
import { EndorseList } from "../components/phone/endorse-list";
import { MyContributions, type OwnChanges } from "../components/phone/my-contributions";
import { NotSent } from "../components/phone/not-sent";
import { RemovedNotice } from "../components/phone/removed";
import { PhoneResults, Turnout } from "../components/results";
import { Countdown, useStepTitle } from "../components/step";
import { Wall } from "../components/wall";
import { HELIX_COLORS } from "../domain/helix";
import { wasRemoved } from "../domain/privacy";
import { canEndorse, endorsementsOpen } from "../domain/recommendations";
import type { AppError } from "../domain/result";
import { LIMITS } from "../domain/schemas";
import {
  ballotShown,
  canChangeContribution,
  currentStep,
  currentVote,
  endorsedShown,
  participantAbilities,
  roomOf,
  roomSeesResults,
} from "../domain/selectors";
import type { Ballot as BallotState } from "../domain/sync";
import { lobbySummary, type ParticipantSelf, type WorkshopState, type WorkshopView } from "../domain/workshop-state";
import { pageTitle } from "../i18n/meta";
import { queuedEndorsements, queuedVotes, refused } from "../realtime/outbox";
import { useOutbox } from "../realtime/use-outbox";
import { useWorkshopLive } from "../realtime/use-workshop-live";
import { readForm, statusFor } from "../utils/http";
import { limitJoinLookups } from "../utils/join-limits.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, data?.workshop.title ?? { key: "nav.join" }),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await limitJoinLookups(context);
  const tokens = await context.sessions.participantTokens(request.headers.get("Cookie"));
  const result = context.services.participants.forPhone(params.code, tokens);
  if (!result.ok && result.error.code === "not_found") await context.limits.take("joinMiss", context.clientAddress);
  if (!result.ok) {
    // The join page explains an unknown or ended workshop in the phone's language.
    const reason = result.error.code === "workshop_closed" ? "closed" : "unknown";
    throw redirect(`/join?code=${encodeURIComponent(params.code ?? "")}&reason=${reason}`);
  }
  // A fresh idempotency key per rendered form: a resubmission of this form is the same join.
  return { ...result.data, workshopId: result.data.workshop.id, joinKey: randomUUID() };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await limitJoinLookups(context);
  const form = await readForm(request);
  const cookie = request.headers.get("Cookie");
  const result = context.services.participants.join(
    params.code,
    {
      displayName: form.get("displayName") ?? undefined,
      helix: form.get("helix"),
      role: form.get("role"),
      organisation: form.get("organisation") ?? undefined,
      country: form.get("country") ?? undefined,
      language: (await context.sessions.language(cookie)) ?? form.get("language") ?? undefined,
    },
    { tokens: await context.sessions.participantTokens(cookie), joinKey: String(form.get("joinKey") ?? "") },
  );
  if (!result.ok) return data({ error: result.error, saved: false }, { status: statusFor(result.error) });
  const setCookie = await context.sessions.participantCookie(request, result.data.workshopId, result.data.token);
  if (result.data.created) throw redirect(`/j/${params.code}`, { headers: { "Set-Cookie": setCookie } });
  return data({ error: null, saved: true }, { headers: { "Set-Cookie": setCookie } });
}

function ProfileForm({
  workshop,
  me,
  joinKey,
  error,
}: {
  workshop: WorkshopView;
  me: ParticipantSelf | null;
  joinKey: string;
  error: AppError | null | undefined;
}) {
  const { t, i18n } = useTranslation();
  const fieldError = useFieldErrors(error);
  const errorText = useErrorText();
  const busy = useNavigation().state === "submitting";
  const { settings } = workshop;
  // Radio cards are buttons, not inputs: the choice is submitted through a hidden field.
  const [helix, setHelix] = useState<string>(me?.helix ?? "");
  return (
    <Form method="post" data-testid="join-form">
      <Stack gap="md">
        <input type="hidden" name="joinKey" value={joinKey} />
        <input type="hidden" name="language" value={i18n.language} />
        {error && error.code !== "validation" ? (
          <Alert color="red" role="alert">
            {errorText(error)}
          </Alert>
        ) : null}
        <input type="hidden" name="helix" value={helix} />
        <Radio.Group label={t("phone.helixLabel")} required value={helix} onChange={setHelix} error={fieldError("helix")}>
          <Stack gap="xs" mt="xs">
            {settings.helices.map((helix) => (
              <Radio.Card
                key={helix}
                value={helix}
                p="sm"
                radius="md"
                style={{ borderLeft: `6px solid ${HELIX_COLORS[helix]}` }}
                data-testid={`helix-option-${helix}`}
              >
                <Group wrap="nowrap" align="flex-start">
                  <Radio.Indicator />
                  <div>
                    <Text fw={600}>{t(`helix.${helix}.name`)}</Text>
                    <Text size="sm" c="dimmed">
                      {t(`helix.${helix}.description`)}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        <Radio.Group
          name="role"
          label={t("phone.roleLabel")}
          required
          defaultValue={me?.role ?? (settings.roles.length === 1 ? settings.roles[0] : undefined)}
          error={fieldError("role")}
        >
          <Stack gap="xs" mt="xs">
            {settings.roles.map((role) => (
              <Radio
                key={role}
                value={role}
                label={t(`role.${role}.name`)}
                description={t(`role.${role}.description`)}
                data-testid={`role-option-${role}`}
              />
            ))}
          </Stack>
        </Radio.Group>
        <TextInput
          name="displayName"
          label={t("phone.displayName")}
          description={settings.anonymity === "anonymous" ? t("phone.displayNameAnonymousHint") : t("phone.displayNameHint")}
          autoComplete="name"
          maxLength={LIMITS.name}
          defaultValue={me?.displayName ?? ""}
          error={fieldError("displayName")}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            name="organisation"
            label={t("phone.organisation")}
            autoComplete="organization"
            maxLength={LIMITS.organisation}
            defaultValue={me?.organisation ?? ""}
            error={fieldError("organisation")}
          />
          <TextInput
            name="country"
            label={t("phone.country")}
            autoComplete="country-name"
            maxLength={LIMITS.country}
            defaultValue={me?.country ?? ""}
            error={fieldError("country")}
          />
        </SimpleGrid>
        <Button type="submit" size="lg" loading={busy}>
          {me ? t("phone.update") : t("phone.submit")}
        </Button>
      </Stack>
    </Form>
  );
}

function Joined({
  workshop,
  me,
  initial,
  mine,
  initialBallot,
  initialEndorsed,
  joinKey,
}: {
  workshop: WorkshopView;
  me: ParticipantSelf;
  initial: WorkshopState;
  mine: string[];
  initialBallot: BallotState | null;
  initialEndorsed: string[];
  joinKey: string;
}) {
  const { t } = useTranslation();
  const stepTitle = useStepTitle();
  const actionData = useActionData<typeof action>();
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
      {/* What the room sees of the vote comes first: once revealed, the results are the news. */}
      {vote ? (
        vote.tallies && !vote.tallies.hidden ? (
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
        )
      ) : null}
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

export default function Phone() {
  const { t } = useTranslation();
  const { workshop, me, state, mine, ballot, endorsed, joinKey, removed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A removed participant's phone says so first; joining again makes a new participant.
  const [joiningAgain, setJoiningAgain] = useState(false);
  return (
    // Long words (a title without spaces, "Megszentségteleníthetetlenségeskedéseitekért") wrap
    // rather than widen the page.
    <Container size={560} py="md" px="sm" style={{ overflowWrap: "break-word" }}>
      {removed && !joiningAgain && !actionData ? (
        <RemovedNotice onJoinAgain={() => setJoiningAgain(true)} />
      ) : me && state ? (
        <Joined
          workshop={workshop}
          me={me}
          initial={state}
          mine={mine}
          initialBallot={ballot}
          initialEndorsed={endorsed}
          joinKey={joinKey}
        />
      ) : (
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={1} size="h2">
              {t("phone.welcomeTitle", { title: workshop.title })}
            </Title>
            <Text c="dimmed">{t("phone.hostedBy", { host: workshop.hostOrganisation })}</Text>
          </Stack>
          {workshop.theme ? (
            <Card withBorder>
              <Markdown>{workshop.theme}</Markdown>
            </Card>
          ) : null}
          <Text>{t("phone.intro")}</Text>
          <ProfileForm workshop={workshop} me={null} joinKey={joinKey} error={actionData?.error} />
          <Text size="xs" c="dimmed" ta="center">
            <Link to="/join">{t("nav.join")}</Link>
          </Text>
        </Stack>
      )}
    </Container>
  );
}
