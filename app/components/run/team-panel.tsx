import { Alert, Button, Card, CopyButton, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useActionData, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AppError } from "../../domain/result";
import { useFormat } from "../../i18n/format";
import type { Team } from "../../services/team.server";
import { useErrorTextIn } from "../field-error";
import { Dialog } from "./dialog";

type TeamAnswer = { error: AppError | null; invitation?: { url: string; expiresAt: number } };
/** What the owner is about to do, asked once more before it is done. */
type Pending =
  | { intent: "removeFacilitator"; id: string; name: string }
  | { intent: "revokeInvitation"; id: string; name: string };

/** A stored instant as the day it falls on, written in the page's language (the same on server and browser). */
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Who has access to the workshop: the owner and co-facilitators, and the invitation links still
 * open. The owner invites (a link to copy: there is no e-mail), revokes and removes, each asked
 * once more; co-facilitators see the team but not the controls.
 */
export function TeamPanel({ team }: { team: Team }) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorTextIn("team");
  const fetcher = useFetcher<TeamAnswer>();
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const owner = team.myRole === "owner";
  const busy = fetcher.state !== "idle";
  // The page posted without script (a document request): its answer is the page's.
  const pageAnswer = useActionData<TeamAnswer>();
  const answer = fetcher.data ?? (pageAnswer?.invitation ? pageAnswer : undefined);
  const submit = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });

  return (
    <Card withBorder padding="md" data-testid="team-panel" component="section" aria-labelledby="team-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="team-title">
          {t("team.title")}
        </Title>
        <Stack gap={6} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }} aria-label={t("team.members")}>
          {team.members.map((m) => (
            <Group key={m.facilitatorId} component="li" justify="space-between" wrap="nowrap" gap="xs" data-testid="team-member">
              {/* The role under the name: beside it, in a narrow column, "Co-facilitator" was cut short. */}
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={600} style={{ overflowWrap: "anywhere" }}>
                  {m.name}{" "}
                  <Text span size="xs" fw={600} c={m.role === "owner" ? "indigo.8" : "dimmed"} data-testid="team-role">
                    · {t(`team.role.${m.role}`)}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                  {m.email}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap">
                {owner && m.role !== "owner" ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={t("team.removeNamed", { name: m.name })}
                    onClick={() => setConfirming({ intent: "removeFacilitator", id: m.facilitatorId, name: m.name })}
                  >
                    {t("team.remove")}
                  </Button>
                ) : null}
              </Group>
            </Group>
          ))}
        </Stack>

        {team.pending.length ? (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t("team.pendingTitle")}
            </Text>
            {team.pending.map((p) => (
              <Group key={p.id} justify="space-between" wrap="wrap" gap={4} data-testid="team-invitation">
                <Text size="xs">{t("team.pendingLine", { name: p.invitedBy, date: format.date(dayOf(p.expiresAt)) })}</Text>
                {owner ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => setConfirming({ intent: "revokeInvitation", id: p.id, name: p.invitedBy })}
                  >
                    {t("team.revoke")}
                  </Button>
                ) : null}
              </Group>
            ))}
          </Stack>
        ) : null}

        {answer?.error ? (
          <Alert color="red" role="alert">
            {errorText(answer.error)}
          </Alert>
        ) : null}

        {owner ? (
          <Stack gap="xs">
            <Button size="xs" variant="light" loading={busy} onClick={() => submit({ intent: "invite" })}>
              {t("team.invite")}
            </Button>
            {answer?.invitation ? (
              <Stack gap={4} data-testid="invitation-link">
                <TextInput
                  readOnly
                  size="xs"
                  label={t("team.linkLabel")}
                  value={answer.invitation.url}
                  onFocus={(e) => e.currentTarget.select()}
                />
                <Group justify="space-between" gap={4} wrap="wrap">
                  <Text size="xs" c="dimmed">
                    {t("team.linkHint", { date: format.date(dayOf(answer.invitation.expiresAt)) })}
                  </Text>
                  <CopyButton value={answer.invitation.url}>
                    {({ copied, copy }) => (
                      <Button size="compact-xs" variant="light" onClick={copy}>
                        {copied ? t("team.copied") : t("team.copy")}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
              </Stack>
            ) : null}
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            {t("team.ownerManages")}
          </Text>
        )}
      </Stack>

      <Dialog
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        size="md"
        title={confirming?.intent === "removeFacilitator" ? t("team.removeTitle") : t("team.revokeTitle")}
      >
        <Stack>
          <Text size="sm">
            {confirming?.intent === "removeFacilitator"
              ? t("team.removeConfirm", { name: confirming.name })
              : t("team.revokeConfirm")}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t("team.cancel")}
            </Button>
            <Button
              // Shade 8: white on the default red is under WCAG AA contrast.
              color="red.8"
              onClick={() => {
                if (!confirming) return;
                submit(
                  confirming.intent === "removeFacilitator"
                    ? { intent: confirming.intent, facilitatorId: confirming.id }
                    : { intent: confirming.intent, invitation: confirming.id },
                );
                setConfirming(null);
              }}
            >
              {confirming?.intent === "removeFacilitator" ? t("team.remove") : t("team.revoke")}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </Card>
  );
}
