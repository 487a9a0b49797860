import { ActionIcon, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { OutboxItem } from "../../realtime/outbox";
import { useErrorText } from "../field-error";

/** What a refused write was, in the phone's language: a heading, the text itself, and what Copy copies. */
function useDescribe() {
  const { t } = useTranslation();
  return (item: OutboxItem): { label: string | null; title: string; body: string | null; copy: string } => {
    const sentence = (title: string) => ({ label: null, title, body: null, copy: title });
    switch (item.event) {
      case "contribution:submit":
      case "contribution:edit": {
        const { title, body } = item.payload;
        const label =
          item.event === "contribution:submit"
            ? t(`outbox.submitted.${item.payload.kind}`)
            : t("outbox.editOf", { title: item.about });
        return { label, title, body: body || null, copy: body ? `${title}\n\n${body}` : title };
      }
      case "contribution:withdraw":
        return sentence(t("outbox.withdraw", { title: item.about }));
      case "vote:set":
        return sentence(
          item.payload.points === 0
            ? t("outbox.voteNone", { title: item.about })
            : t("outbox.vote", { count: item.payload.points, title: item.about }),
        );
      case "recommendation:endorse":
        return sentence(t(item.payload.endorsed ? "outbox.endorse" : "outbox.unendorse", { title: item.about }));
    }
  };
}

/**
 * Why the server refused it, in the phone's language: the reason the service named (or a field
 * error), else what the refusal means for this kind of write, else the meaning of its code.
 */
function useReason() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (item: OutboxItem): string => {
    const error = item.error;
    if (!error) return "";
    if (error.reason || error.fields) return errorText(error);
    if (error.code === "conflict" && item.event === "contribution:submit") return t(`contribute.stepOver.${item.payload.kind}`);
    if (error.code === "not_found") return t("outbox.gone");
    return t(`errors.${error.code}`);
  };
}

/**
 * Copies text with the Clipboard API, or where it is missing (older browsers, plain-http venue
 * networks) through a hidden text area; focus returns to where it was.
 */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, not a secure page): try the old way.
  }
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  Object.assign(area.style, { position: "fixed", top: "0", left: "0", opacity: "0" });
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus();
  }
}

/**
 * One write the server refused for good: what it was (the text typed, or "3 points on …"), why,
 * a Copy button for the text and a dismiss button a thumb can hit (44 × 44 CSS px).
 */
export function RefusedCard({
  item,
  onDismiss,
  testId = "outbox-refusal",
}: {
  item: OutboxItem;
  onDismiss: (clientId: string) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const what = useDescribe()(item);
  const reason = useReason()(item);
  const [copied, setCopied] = useState<"copied" | "copyFailed" | null>(null);
  return (
    <Card withBorder padding="sm" data-testid={testId} data-status="failed" data-event={item.event}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={4} style={{ minWidth: 0 }}>
          {what.label ? (
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {what.label}
            </Text>
          ) : null}
          <Text fw={600} style={{ overflowWrap: "anywhere" }} data-testid="refused-text">
            {what.title}
          </Text>
          {what.body ? (
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {what.body}
            </Text>
          ) : null}
          <Text size="sm" c="red.9" role="alert" data-testid="refusal-reason">
            {t("contribute.failed", { reason })}
          </Text>
          <Group gap="xs" wrap="wrap">
            <Button
              variant="light"
              size="sm"
              mih={44}
              aria-label={t("outbox.copyLabel", { what: what.title })}
              onClick={async () => setCopied((await copyText(what.copy)) ? "copied" : "copyFailed")}
              data-testid="copy-refused"
            >
              {t("outbox.copy")}
            </Button>
            <Text size="sm" role="status" data-testid="copy-status">
              {copied ? t(`outbox.${copied}`) : null}
            </Text>
          </Group>
        </Stack>
        <ActionIcon
          size={44}
          variant="subtle"
          color="gray"
          aria-label={t("outbox.dismiss", { what: what.title })}
          onClick={() => onDismiss(item.clientId)}
          data-testid="dismiss-refusal"
        >
          <span aria-hidden style={{ fontSize: 24, lineHeight: 1 }}>
            ×
          </span>
        </ActionIcon>
      </Group>
    </Card>
  );
}

/**
 * Votes and endorsements the server refused (their step may be over, so they cannot wait by the
 * ballot or the recommendations): listed near the top of the phone until dismissed.
 */
export function NotSent({ items, onDismiss }: { items: readonly OutboxItem[]; onDismiss: (clientId: string) => void }) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="not-sent">
      <Title order={2} size="h4">
        {t("outbox.title")}
      </Title>
      <Text size="sm">{t("outbox.hint")}</Text>
      {items.map((item) => (
        <RefusedCard key={item.clientId} item={item} onDismiss={onDismiss} />
      ))}
    </Stack>
  );
}
