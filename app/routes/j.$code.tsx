import { randomUUID } from "node:crypto";
import { Card, Container, Loader, Stack, Text, Title } from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Markdown } from "../components/markdown";
import { ProfileForm } from "../components/phone/profile-form";
import { RemovedNotice } from "../components/phone/removed";
import type { ProfileAnswer, RoomProps } from "../components/phone/room";
import { pageTitle } from "../i18n/meta";
import { deferred } from "../utils/deferred";
import { readForm, statusFor } from "../utils/http";
import { limitJoinLookups } from "../utils/join-limits.server";

/**
 * The room, from its own chunk (socket, live state, ballot, results): a phone that has not joined
 * yet loads only the join form's code, and fetches the room's once the form is usable. The server
 * renders the room in full, so a joined phone sees it before its chunk arrives.
 */
const Joined = deferred<RoomProps>(
  () => import("../components/phone/room").then((m) => m.default),
  <Loader mx="auto" my="xl" display="block" />,
);

/** A phone's page: only the Mantine stylesheets the phone uses (app/styles/mantine.ts). */
export const handle = { styles: "phone" };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, data?.workshop.title ?? { key: "nav.join" }),
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await limitJoinLookups(context);
  const tokens = await context.sessions.participantTokens(request.headers.get("Cookie"));
  const result = await context.services.participants.forPhone(params.code, tokens);
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
  const result = await context.services.participants.join(
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
  if (!result.ok) return data<ProfileAnswer>({ error: result.error, saved: false }, { status: statusFor(result.error) });
  const setCookie = await context.sessions.participantCookie(request, result.data.workshopId, result.data.token);
  if (result.data.created) throw redirect(`/j/${params.code}`, { headers: { "Set-Cookie": setCookie } });
  return data<ProfileAnswer>({ error: null, saved: true }, { headers: { "Set-Cookie": setCookie } });
}

export default function Phone() {
  const { t } = useTranslation();
  const { workshop, me, state, mine, ballot, endorsed, joinKey, removed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A removed participant's phone says so first; joining again makes a new participant.
  const [joiningAgain, setJoiningAgain] = useState(false);
  // On the join form, once it is usable: fetch the room's code, so joining shows the room at once.
  const joined = Boolean(me && state);
  useEffect(() => {
    if (!joined) void Joined.preload();
  }, [joined]);
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
