import { Alert, Button, Group, Paper, Radio, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { HELIX_COLORS } from "../../domain/helix";
import { LIMITS } from "../../domain/limits";
import type { AppError } from "../../domain/result";
import type { ParticipantSelf, WorkshopView } from "../../domain/workshop-state";
import { useErrorText, useFieldErrors } from "../field-error";

/**
 * The phone's join form (and, once joined, its profile form): plain HTML inputs in a plain form
 * post, so a phone on a slow network joins as soon as the HTML has arrived, before any script —
 * and with JavaScript, Remix submits the same form without a reload.
 */
export function ProfileForm({
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
        {/* Each helix is a card that is a <label> around a native radio: it works before scripts load. */}
        <Radio.Group name="helix" label={t("phone.helixLabel")} required defaultValue={me?.helix} error={fieldError("helix")}>
          <Stack gap="xs" mt="xs">
            {settings.helices.map((helix) => (
              <Paper
                key={helix}
                component="label"
                withBorder
                p="sm"
                radius="md"
                className="choice-card"
                style={{ borderLeft: `6px solid ${HELIX_COLORS[helix]}` }}
                data-testid={`helix-option-${helix}`}
              >
                <Group wrap="nowrap" align="flex-start">
                  <Radio value={helix} aria-labelledby={`helix-${helix}-name`} aria-describedby={`helix-${helix}-description`} />
                  <div>
                    <Text fw={600} id={`helix-${helix}-name`}>
                      {t(`helix.${helix}.name`)}
                    </Text>
                    <Text size="sm" c="dimmed" id={`helix-${helix}-description`}>
                      {t(`helix.${helix}.description`)}
                    </Text>
                  </div>
                </Group>
              </Paper>
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
          {(
            [
              ["organisation", "organization"],
              ["country", "country-name"],
            ] as const
          ).map(([name, autoComplete]) => (
            <TextInput
              key={name}
              name={name}
              label={t(`phone.${name}`)}
              autoComplete={autoComplete}
              maxLength={LIMITS[name]}
              defaultValue={me?.[name] ?? ""}
              error={fieldError(name)}
            />
          ))}
        </SimpleGrid>
        <Button type="submit" size="lg" loading={busy}>
          {me ? t("phone.update") : t("phone.submit")}
        </Button>
      </Stack>
    </Form>
  );
}
