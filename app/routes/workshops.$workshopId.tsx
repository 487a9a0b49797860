import {
  Alert,
  Anchor,
  Button,
  Card,
  Container,
  CopyButton,
  Grid,
  Group,
  Image,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { requireFacilitator } from "../auth.server";
import { AbsentHelicesNotice } from "../components/absent-helices";
import { useErrorText, useFieldErrors } from "../components/field-error";
import { HelixCountTiles, HelixLabel } from "../components/helix";
import { JoinAddressPicker } from "../components/join-address";
import { qrCodeDataUri } from "../components/qr-code.server";
import { Results } from "../components/results";
import { AgendaPanel } from "../components/run/agenda-panel";
import { ConnectionStatusNote } from "../components/run/connection-status";
import { ExportMenu } from "../components/run/export-menu";
import { HostChallengeForm } from "../components/run/host-challenge-form";
import { ModerationMenu } from "../components/run/moderation-menu";
import { ChallengeNotesButton, StepNotesPanel, useNotes } from "../components/run/notes-panel";
import {
  EraseWorkshopData,
  ManageParticipantButton,
  ParticipantPrivacyDialog,
  RemovedParticipants,
} from "../components/run/participant-privacy";
import { PastResults } from "../components/run/past-results";
import { RecommendationsPanel } from "../components/run/recommendations-panel";
import { ResultsVisibility } from "../components/run/results-visibility";
import { TeamPanel } from "../components/run/team-panel";
import { WorkshopLifeMenu } from "../components/run/workshop-life";
import { WorkshopStatusBadge } from "../components/status-badge";
import { useStepTitle } from "../components/step";
import { Wall } from "../components/wall";
import { WorkshopLanguageFields } from "../components/workshop-languages";
import { ROLES } from "../domain/helix";
import { LANGUAGE_NAMES } from "../domain/languages";
import { type Result, refuse } from "../domain/result";
import { challengesOpenForSolutions, currentStep, currentVote, roomOf } from "../domain/selectors";
import { ballotItems } from "../domain/voting";
import { type LobbyParticipant, lobbySummary, type WorkshopView } from "../domain/workshop-state";
import { useFormat } from "../i18n/format";
import { pageTitle } from "../i18n/meta";
import { useWorkshopLive } from "../realtime/use-workshop-live";
import { formToObject, readForm, statusFor } from "../utils/http";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, data?.workshop.title ?? { key: "errors.pageError" }),
];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const result = await context.services.room.forFacilitator(actor, params.workshopId ?? "");
  if (!result.ok) throw new Response(result.error.message, { status: statusFor(result.error) });
  // Phones join at an address they can reach (not localhost); the projector link stays on this one.
  const join = context.joinAddresses(request.url, await context.sessions.joinOrigin(request.headers.get("Cookie")));
  const participantUrl = `${join.chosen}/j/${result.data.workshop.joinCode}`;
  const { displayToken, ...workshop } = result.data.workshop;
  const removed = await context.services.privacy.removedParticipants(actor, result.data.workshop.id);
  const savedNotes = await context.services.notes.list(actor, workshop.id);
  const life = await context.services.workshops.lifeOf(actor, workshop.id);
  if (!life.ok) throw new Response(life.error.message, { status: statusFor(life.error) });
  return {
    workshop,
    life: life.data,
    state: result.data.state,
    participantUrl,
    join,
    displayUrl: `${new URL(request.url).origin}/display/${displayToken}`,
    qr: await qrCodeDataUri(participantUrl),
    solutionScores: Object.fromEntries(await context.services.voting.lastVoteScores(result.data.workshop.id, "solution")),
    // Removed participants whose personal data may still be erased (they have left the room's list).
    removedParticipants: removed.ok ? removed.data : [],
    notes: savedNotes.ok ? savedNotes.data : [],
    team: await context.services.team.team(actor, result.data.workshop.id),
    // The votes held so far, with their results: "Past votes" (read again when the room moves on).
    heldVotes: await context.services.voting.votesHeld(result.data.workshop.id),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const form = await readForm(request);
  const workshopId = params.workshopId ?? "";
  const answer = (result: Result<unknown>) =>
    result.ok ? { error: null } : data({ error: result.error }, { status: statusFor(result.error) });
  // Every intent here is for the workshop's team, the join address included: another
  // facilitator's post is refused as the page is (not found), whatever it asks.
  const team = await context.services.workshops.managedWorkshop(actor, workshopId);
  if (!team.ok) return answer(team);
  switch (form.get("intent")) {
    case "joinAddress": {
      // Only an address this machine offers is kept; anything else is refused.
      const origin = String(form.get("origin") ?? "");
      const offered = context.joinAddresses(request.url, origin);
      if (offered.chosen !== origin)
        return answer(refuse("validation", "joinAddressNotOffered", "Choose one of the addresses offered."));
      return data({ error: null }, { headers: { "Set-Cookie": await context.sessions.joinOriginCookie(origin) } });
    }
    case "rotateDisplay":
      return answer(await context.services.workshops.rotateDisplayToken(actor, workshopId));
    case "languages":
      return answer(await context.services.workshops.setLanguages(actor, workshopId, formToObject(form, ["languages"])));
    case "timerSound":
      return answer(
        await context.services.workshops.setTimerSound(actor, workshopId, { timerSound: form.get("timerSound") ?? "off" }),
      );
    case "setStatus":
      return answer(await context.services.workshops.setStatus(actor, workshopId, { status: form.get("status") }));
    case "removeParticipant":
      return answer(await context.services.privacy.remove(actor, workshopId, formToObject(form, [])));
    case "eraseParticipant":
      return answer(await context.services.privacy.eraseParticipant(actor, workshopId, formToObject(form, [])));
    case "erasePersonalData":
      return answer(await context.services.privacy.eraseWorkshop(actor, workshopId));
    // The team: the owner's alone (the team service refuses co-facilitators).
    case "invite": {
      const invited = await context.services.team.invite(actor, workshopId);
      if (!invited.ok) return answer(invited);
      const url = `${new URL(request.url).origin}/invite/${invited.data.token}`;
      return { error: null, invitation: { url, expiresAt: invited.data.expiresAt } };
    }
    case "revokeInvitation":
      return answer(await context.services.team.revokeInvitation(actor, workshopId, { invitation: form.get("invitation") }));
    case "removeFacilitator":
      return answer(
        await context.services.team.removeFacilitator(actor, workshopId, { facilitatorId: form.get("facilitatorId") }),
      );
    case "settings":
      return answer(
        await context.services.workshops.updateSettings(actor, workshopId, formToObject(form, ["languages", "roles", "helices"])),
      );
    case "duplicate": {
      const copy = await context.services.workshops.duplicate(actor, workshopId, { title: form.get("title") });
      return copy.ok ? redirect(`/workshops/${copy.data.id}`) : answer(copy);
    }
    case "saveTemplate":
      return answer(await context.services.workshops.saveTemplate(actor, workshopId, { name: form.get("name") }));
    case "archive":
      return answer(await context.services.workshops.setArchived(actor, workshopId, true));
    case "unarchive":
      return answer(await context.services.workshops.setArchived(actor, workshopId, false));
    case "delete": {
      const removed = await context.services.workshops.remove(actor, workshopId, { confirmTitle: form.get("confirmTitle") });
      return removed.ok ? redirect("/workshops") : answer(removed);
    }
    default:
      // Every form on the page names its intent; anything else is not taken for one of them.
      return answer(refuse("validation", "unknownRequest", "Unknown request."));
  }
}

/**
 * A link to copy or open. `keepTogether` is the end of the link that must never break over two
 * lines (the join code a facilitator reads out); the link may break before it.
 */
function LinkRow({ label, url, testId, keepTogether }: { label: string; url: string; testId: string; keepTogether?: string }) {
  const { t } = useTranslation();
  const tail = keepTogether && url.endsWith(keepTogether) ? keepTogether : "";
  const head = url.slice(0, url.length - tail.length);
  // Break after the last slash first, then anywhere in a long token nobody has to read out.
  const cut = head.lastIndexOf("/") + 1;
  return (
    <Stack gap={2}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="light"
              onClick={copy}
              aria-label={`${copied ? t("workshop.copied") : t("workshop.copy")}: ${label}`}
            >
              {copied ? t("workshop.copied") : t("workshop.copy")}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Anchor href={url} target="_blank" rel="noreferrer" size="sm" style={{ overflowWrap: "anywhere" }} data-testid={testId}>
        {head.slice(0, cut)}
        <wbr />
        {head.slice(cut)}
        {tail ? <span style={{ whiteSpace: "nowrap" }}>{tail}</span> : null}
      </Anchor>
    </Stack>
  );
}

/**
 * Which languages the room's phones and projector offer, and the default. The form is rendered only
 * once opened: its select's options are not the page's other listboxes' options.
 */
function LanguageSettings({
  settings,
  error,
  busy,
}: {
  settings: WorkshopView["settings"];
  error: (field: string) => string | undefined;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState(Boolean(error("languages") || error("defaultLanguage")));
  return (
    <Stack gap={4} data-testid="workshop-languages">
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Text size="xs">
          {t("languages.summary", {
            languages: format.list(settings.languages.map((l) => LANGUAGE_NAMES[l])),
            default: LANGUAGE_NAMES[settings.defaultLanguage],
          })}
        </Text>
        <Button size="compact-xs" variant="subtle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {t("languages.change")}
        </Button>
      </Group>
      {open ? (
        <Form method="post">
          <input type="hidden" name="intent" value="languages" />
          <Stack gap="xs">
            <WorkshopLanguageFields languages={settings.languages} defaultLanguage={settings.defaultLanguage} error={error} />
            <Button type="submit" size="xs" variant="light" loading={busy}>
              {t("languages.save")}
            </Button>
          </Stack>
        </Form>
      ) : null}
    </Stack>
  );
}

/** The projector's chime at the end of a timer: off unless switched on; saved as soon as it is flipped. */
function TimerSoundSwitch({ on }: { on: boolean }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  return (
    <Switch
      size="sm"
      checked={on}
      onChange={(e) => submit({ intent: "timerSound", timerSound: e.currentTarget.checked ? "on" : "off" }, { method: "post" })}
      label={t("timerEnd.soundLabel")}
      description={t("timerEnd.soundHint")}
      data-testid="timer-sound"
    />
  );
}

/** Another workshop on the same route (a duplicate just made) is a new screen: its live state starts afresh. */
export default function WorkshopPage() {
  const { workshop } = useLoaderData<typeof loader>();
  return <WorkshopScreen key={workshop.id} />;
}

function WorkshopScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const {
    workshop,
    life,
    state: initial,
    participantUrl,
    join,
    displayUrl,
    qr,
    solutionScores,
    removedParticipants,
    notes: savedNotes,
    team,
    heldVotes,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fieldError = useFieldErrors(actionData?.error);
  const errorText = useErrorText();
  const busy = useNavigation().state !== "idle";
  const { state, status, authError, clockOffset, send, socket } = useWorkshopLive(initial, {
    as: "facilitator",
    workshopId: workshop.id,
  });
  const notes = useNotes(savedNotes, socket);
  const stepTitle = useStepTitle();
  // The participant whose removal or erasure dialog is open (kept while they leave the list).
  // `removed`: opened from the removed list, where only erasing is left to do.
  const [managed, setManaged] = useState<{ participant: LobbyParticipant; removed: boolean } | null>(null);
  const closeManaged = useCallback(() => setManaged(null), []);
  // An archived workshop is read-only (the services refuse every write): its controls are not offered.
  const readOnly = life.archived;
  const summary = lobbySummary(state);
  const current = state.workshop.status;
  const step = currentStep(state);
  const openIds = step?.kind === "collect_solutions" ? challengesOpenForSolutions(roomOf(state), state.contributions) : undefined;
  const vote = currentVote(state);
  // The last vote's scores (which order the solutions offered for a recommendation) come from the
  // loader: read them again whenever the room moves on to another step.
  const revalidator = useRevalidator();
  const revalidatedFor = useRef(initial.currentStepId);
  const stepId = state.currentStepId;
  useEffect(() => {
    if (stepId === revalidatedFor.current) return;
    revalidatedFor.current = stepId;
    revalidator.revalidate();
  }, [stepId, revalidator]);
  // Notes are not in the event log: after a lost connection, the loader reads the ones missed.
  const wasOffline = useRef(false);
  useEffect(() => {
    if (status === "offline") wasOffline.current = true;
    if (status === "online" && wasOffline.current) {
      wasOffline.current = false;
      revalidator.revalidate();
    }
  }, [status, revalidator]);
  const recommendationsPanel = (
    <RecommendationsPanel
      recommendations={state.recommendations}
      contributions={state.contributions}
      solutionScores={solutionScores}
      closed={current === "closed"}
      send={send}
    />
  );
  // In the recommendations step the action plan is the work: it moves to the middle.
  const drafting = step?.kind === "recommendations";

  return (
    <Container size="xl" py="lg">
      <Stack gap="lg">
        <Anchor component={Link} to="/workshops" size="sm">
          ← {t("workshop.back")}
        </Anchor>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Title order={1}>{state.workshop.title}</Title>
            <Text c="dimmed">
              {[
                state.workshop.hostOrganisation,
                state.workshop.venue,
                format.dateRange(state.workshop.startsOn, state.workshop.endsOn),
              ]
                .filter(Boolean)
                .join(" · ")}
            </Text>
          </Stack>
          <Group gap="xs">
            <ConnectionStatusNote status={status} />
            <ExportMenu workshopId={workshop.id} interim={current !== "closed"} settings={workshop.settings} />
            <WorkshopStatusBadge size="lg" status={current} data-testid="workshop-status" />
            {readOnly ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="setStatus" />
                {current === "draft" ? (
                  <Button type="submit" name="status" value="live" loading={busy}>
                    {t("workshop.start")}
                  </Button>
                ) : current === "live" ? (
                  <Button type="submit" name="status" value="closed" color="dark" variant="outline" loading={busy}>
                    {t("workshop.close")}
                  </Button>
                ) : (
                  <Button type="submit" name="status" value="live" variant="outline" loading={busy}>
                    {t("workshop.reopen")}
                  </Button>
                )}
              </Form>
            )}
          </Group>
        </Group>
        {authError?.code === "forbidden" ? (
          <Alert color="red" role="alert" data-testid="access-lost" title={t("team.accessLostTitle")}>
            {t("team.accessLost")}{" "}
            <Anchor component={Link} to="/workshops">
              {t("workshop.back")}
            </Anchor>
          </Alert>
        ) : null}
        <WorkshopLifeMenu workshop={state.workshop} life={life} error={fieldError} busy={busy} />
        {life.archived ? (
          <Alert color="gray" data-testid="archived-notice">
            {t("life.archivedNotice")}
          </Alert>
        ) : null}
        {actionData?.error ? (
          <Alert color="red" role="alert">
            {errorText(actionData.error)}
          </Alert>
        ) : null}

        <Grid gutter="lg">
          <Grid.Col span={{ base: 12, md: 6, lg: 3 }} order={{ base: 2, lg: 1 }}>
            <Stack>
              <Card withBorder padding="md">
                <Stack gap="sm">
                  <Stack gap={0} align="center">
                    <Text size="sm" c="dimmed">
                      {t("workshop.joinCode")}
                    </Text>
                    <Text fz={40} fw={800} ff="monospace" lts={4} data-testid="join-code">
                      {workshop.joinCode}
                    </Text>
                  </Stack>
                  <Image src={qr} alt={t("workshop.qrAlt")} w={180} h={180} mx="auto" />
                  <LinkRow
                    label={t("workshop.participantLink")}
                    url={participantUrl}
                    testId="participant-link"
                    keepTogether={workshop.joinCode}
                  />
                  <JoinAddressPicker join={join} />
                  <LinkRow label={t("workshop.displayLink")} url={displayUrl} testId="display-link" />
                  <Text size="xs" c="dimmed">
                    {t("workshop.displayLinkHint")}
                  </Text>
                  {readOnly ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="rotateDisplay" />
                      <Button type="submit" size="xs" variant="subtle" color="red" title={t("workshop.rotateDisplayHint")}>
                        {t("workshop.rotateDisplay")}
                      </Button>
                    </Form>
                  )}
                  <Text size="xs">
                    {t("workshop.settings")}: {t(`workshop.anonymity.${workshop.settings.anonymity}`)} ·{" "}
                    {t("workshop.rolesOffered")}: {workshop.settings.roles.map((r) => t(`role.${r}.name`)).join(", ")}
                  </Text>
                  {readOnly ? null : <LanguageSettings settings={workshop.settings} error={fieldError} busy={busy} />}
                  {readOnly ? null : <TimerSoundSwitch on={state.workshop.settings.timerSound === true} />}
                </Stack>
              </Card>
              {team.ok ? <TeamPanel team={team.data} /> : null}
              <Card withBorder padding="md">
                <Stack gap="sm">
                  <Title order={2} size="h4">
                    {t("workshop.lobbyTitle")}
                  </Title>
                  <Text fw={600} data-testid="joined-count" aria-live="polite">
                    {t("workshop.joinedCount", { count: summary.total })}
                  </Text>
                  <HelixCountTiles counts={summary.byHelix} narrow />
                  <AbsentHelicesNotice absent={summary.absent} />
                  <Group gap="md" data-testid="role-counts">
                    {ROLES.map((role) => (
                      <Text key={role} size="sm">
                        {t(`role.${role}.name`)}: <strong>{summary.byRole[role]}</strong>
                      </Text>
                    ))}
                  </Group>
                  {workshop.settings.anonymity === "anonymous" ? (
                    <Text size="xs" c="dimmed">
                      {t("workshop.anonymousNote")}
                    </Text>
                  ) : null}
                  {state.participants.length === 0 ? (
                    <Text c="dimmed" size="sm">
                      {t("workshop.nobodyYet")}
                    </Text>
                  ) : (
                    <Table striped aria-label={t("workshop.participants")} data-testid="participant-table" fz="sm">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t("workshop.columns.name")}</Table.Th>
                          <Table.Th>{t("workshop.columns.helixAndRole")}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {[...state.participants].reverse().map((p) => (
                          <Table.Tr key={p.id}>
                            <Table.Td style={{ overflowWrap: "anywhere" }}>
                              {p.displayName ?? (
                                <Text c="dimmed" span size="sm">
                                  {t("workshop.unnamed")}
                                </Text>
                              )}
                              {p.organisation ? (
                                <Text size="xs" c="dimmed">
                                  {[p.organisation, p.country].filter(Boolean).join(", ")}
                                </Text>
                              ) : null}
                              {readOnly ? null : (
                                <ManageParticipantButton
                                  participant={p}
                                  onOpen={() => setManaged({ participant: p, removed: false })}
                                />
                              )}
                            </Table.Td>
                            {/* Two columns, not three: in the sidebar a third cut the role to "Local stakeh". */}
                            <Table.Td>
                              <HelixLabel helix={p.helix} />
                              <Text size="xs" data-testid="participant-role">
                                {t(`role.${p.role}.name`)}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                  <RemovedParticipants
                    participants={removedParticipants}
                    onErase={(participant) => setManaged({ participant, removed: true })}
                  />
                  <ParticipantPrivacyDialog
                    key={managed?.participant.id ?? "none"}
                    participant={managed?.participant ?? null}
                    removed={managed?.removed ?? false}
                    onClose={closeManaged}
                  />
                  {/* Erasure stays possible when archived: it is owed to the people, and results do not change. */}
                  {current === "closed" ? <EraseWorkshopData /> : null}
                </Stack>
              </Card>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, lg: 5 }} order={{ base: 3, lg: 2 }}>
            <Stack>
              {drafting ? recommendationsPanel : null}
              {vote?.tallies ? (
                <Results
                  tallies={vote.tallies}
                  items={vote.items}
                  threshold={vote.settings.supportThreshold}
                  invited={state.workshop.settings.helices}
                  visibility={<ResultsVisibility step={vote.step} settings={vote.settings} send={send} />}
                />
              ) : vote ? (
                <ResultsVisibility step={vote.step} settings={vote.settings} send={send} />
              ) : null}
              <PastResults state={state} held={heldVotes} invited={state.workshop.settings.helices} send={send} />
              <Title order={2} size="h3">
                {t("wall.title")}
              </Title>
              <Wall
                contributions={state.contributions}
                openIds={openIds}
                pinnedId={state.pinnedId}
                renderActions={(item) => (
                  <Group gap={2} wrap="nowrap">
                    {item.kind === "challenge" && item.status !== "merged" ? (
                      <ChallengeNotesButton workshopId={workshop.id} challenge={item} notes={notes} send={send} />
                    ) : null}
                    <ModerationMenu item={item} contributions={state.contributions} pinnedId={state.pinnedId} send={send} />
                  </Group>
                )}
              />
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, md: 6, lg: 4 }} order={{ base: 1, lg: 3 }}>
            <Stack>
              <AgendaPanel
                steps={state.steps}
                current={step}
                challenges={ballotItems(state.contributions, "challenge", { challengeIds: null })}
                clockOffset={clockOffset}
                startsOn={state.workshop.startsOn}
                send={send}
              />
              <StepNotesPanel
                workshopId={workshop.id}
                step={step ? { id: step.id, title: stepTitle(step) } : null}
                notes={notes}
                send={send}
              />
              {readOnly ? null : <HostChallengeForm send={send} />}
              {drafting ? null : recommendationsPanel}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>
    </Container>
  );
}
