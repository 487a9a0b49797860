import { Alert, Button, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { JoinAddresses } from "../config/join-address.server";

/**
 * Which address phones join at (behind the QR and the participant link). Shown when it is not
 * simply the address in the browser: a choice of this machine's network addresses, or a warning
 * that phones cannot reach a localhost address.
 */
export function JoinAddressPicker({ join }: { join: JoinAddresses }) {
  const { t } = useTranslation();
  if (join.options.length === 1 && join.reachable) return null;
  const label = (o: JoinAddresses["options"][number]) =>
    o.kind === "lan"
      ? t("workshop.joinAddressLan", { origin: o.origin })
      : o.kind === "loopback"
        ? t("workshop.joinAddressLoopback", { origin: o.origin })
        : o.origin;
  return (
    <Stack gap={4} data-testid="join-address">
      <Text size="sm">
        {t("workshop.joinAddress")}: <strong data-testid="join-address-chosen">{join.chosen}</strong>
      </Text>
      {join.options.length > 1 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="joinAddress" />
          <Group gap="xs" align="flex-end" wrap="wrap">
            <NativeSelect
              name="origin"
              size="xs"
              label={t("workshop.joinAddressChoose")}
              defaultValue={join.chosen}
              data={join.options.map((o) => ({ value: o.origin, label: label(o) }))}
            />
            <Button type="submit" size="xs" variant="light">
              {t("workshop.joinAddressUse")}
            </Button>
          </Group>
        </Form>
      ) : null}
      {join.reachable ? null : (
        <Alert color="orange" variant="light" data-testid="join-address-unreachable">
          {t("workshop.joinAddressUnreachable")}
        </Alert>
      )}
    </Stack>
  );
}
