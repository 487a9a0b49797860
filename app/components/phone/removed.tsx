import { Alert, Button, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * What a phone shows once a facilitator removed its participant: a plain statement in the phone's
 * language instead of reconnecting forever, and the way back in as someone new (docs/privacy.md).
 */
export function RemovedNotice({ onJoinAgain }: { onJoinAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" data-testid="removed-screen">
      <Title order={1} size="h3">
        {t("removed.title")}
      </Title>
      <Alert color="gray" role="status">
        <Text>{t("removed.body")}</Text>
      </Alert>
      <Button variant="light" onClick={onJoinAgain}>
        {t("removed.joinAgain")}
      </Button>
    </Stack>
  );
}
