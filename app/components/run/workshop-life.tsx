import { Alert, Button, Checkbox, Group, NumberInput, Radio, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { HELICES, ROLES } from "../../domain/helix";
import { LIMITS } from "../../domain/schemas";
import { anonymityOptions, deleteConfirmed, MAX_RETENTION_DAYS } from "../../domain/workshop-life";
import type { WorkshopView } from "../../domain/workshop-state";
import type { WorkshopLife } from "../../services/workshop-life.server";
import { WorkshopLanguageFields } from "../workshop-languages";
import { Dialog } from "./dialog";

type Which = "settings" | "duplicate" | "template" | "delete" | null;
type FieldError = (field: string) => string | undefined;

/** The fields of the settings dialog: everything the create form has, plus helices and retention. */
function SettingsFields({ workshop, life, error }: { workshop: WorkshopView; life: WorkshopLife; error: FieldError }) {
  const { t } = useTranslation();
  const { settings } = workshop;
  const [keep, setKeep] = useState(life.retentionDays === null);
  const [days, setDays] = useState<number | string>(life.retentionDays ?? 365);
  const offered = anonymityOptions(settings.anonymity, life.inUse.hasParticipants);
  return (
    <Stack gap="sm">
      <TextInput
        name="title"
        label={t("create.workshopTitle")}
        required
        maxLength={LIMITS.title}
        defaultValue={workshop.title}
        error={error("title")}
      />
      <TextInput
        name="hostOrganisation"
        label={t("create.hostOrganisation")}
        required
        maxLength={LIMITS.organisation}
        defaultValue={workshop.hostOrganisation}
        error={error("hostOrganisation")}
      />
      <Textarea
        name="theme"
        label={t("create.theme")}
        autosize
        minRows={3}
        maxLength={LIMITS.theme}
        defaultValue={workshop.theme ?? ""}
        error={error("theme")}
      />
      <TextInput
        name="venue"
        label={t("create.venue")}
        maxLength={LIMITS.venue}
        defaultValue={workshop.venue ?? ""}
        error={error("venue")}
      />
      <SimpleGrid cols={2}>
        <TextInput
          name="startsOn"
          type="date"
          label={t("create.startsOn")}
          defaultValue={workshop.startsOn ?? ""}
          error={error("startsOn")}
        />
        <TextInput
          name="endsOn"
          type="date"
          label={t("create.endsOn")}
          defaultValue={workshop.endsOn ?? ""}
          error={error("endsOn")}
        />
      </SimpleGrid>
      <Radio.Group
        name="anonymity"
        label={t("create.anonymity")}
        description={life.inUse.hasParticipants && offered.length === 1 ? t("life.anonymityLocked") : undefined}
        defaultValue={settings.anonymity}
        error={error("anonymity")}
      >
        <Stack gap="xs" mt="xs">
          {offered.map((option) => (
            <Radio
              key={option}
              value={option}
              label={t(option === "anonymous" ? "create.anonymityAnonymous" : "create.anonymityNamed")}
            />
          ))}
        </Stack>
      </Radio.Group>
      <Text size="xs" c="dimmed">
        {t("life.inUseHint")}
      </Text>
      <Checkbox.Group label={t("life.helices")} defaultValue={settings.helices} error={error("helices")}>
        <Group gap="md" mt="xs">
          {HELICES.map((helix) => (
            <Checkbox key={helix} value={helix} name="helices" label={t(`helix.${helix}.name`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <Checkbox.Group label={t("create.roles")} defaultValue={settings.roles} error={error("roles")}>
        <Group gap="md" mt="xs">
          {ROLES.map((role) => (
            <Checkbox key={role} value={role} name="roles" label={t(`role.${role}.name`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <WorkshopLanguageFields languages={settings.languages} defaultLanguage={settings.defaultLanguage} error={error} />
      <Radio.Group
        label={t("life.retention")}
        value={keep ? "keep" : "erase"}
        onChange={(v) => setKeep(v === "keep")}
        error={error("retentionDays")}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="keep" label={t("life.retentionKeep")} />
          <Radio value="erase" label={t("life.retentionErase")} />
        </Stack>
      </Radio.Group>
      {keep ? null : (
        <NumberInput label={t("life.retentionDays")} min={0} max={MAX_RETENTION_DAYS} value={days} onChange={setDays} w={220} />
      )}
      <input type="hidden" name="retentionDays" value={keep ? "keep" : String(days)} />
    </Stack>
  );
}

/**
 * The workshop's life on its page: settings, duplicate, save the agenda as a template, archive or
 * un-archive, delete (the owner, typing the title). Each is a form the page's action answers.
 */
export function WorkshopLifeMenu({
  workshop,
  life,
  error,
  busy,
}: {
  workshop: WorkshopView;
  life: WorkshopLife;
  error: FieldError;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Which>(null);
  const [typed, setTyped] = useState("");
  const close = () => setOpen(null);
  const intent = (name: string) => <input type="hidden" name="intent" value={name} />;
  return (
    <>
      <Group gap="xs" wrap="wrap" data-testid="workshop-life">
        {life.archived ? null : (
          <Button size="xs" variant="light" onClick={() => setOpen("settings")}>
            {t("life.settings")}
          </Button>
        )}
        <Button size="xs" variant="light" onClick={() => setOpen("duplicate")}>
          {t("life.duplicate")}
        </Button>
        <Button size="xs" variant="light" onClick={() => setOpen("template")}>
          {t("life.saveTemplate")}
        </Button>
        <Form method="post">
          {intent(life.archived ? "unarchive" : "archive")}
          <Button type="submit" size="xs" variant="light" color="gray" loading={busy}>
            {life.archived ? t("life.unarchive") : t("life.archive")}
          </Button>
        </Form>
        {life.owner ? (
          <Button size="xs" variant="light" color="red" onClick={() => setOpen("delete")}>
            {t("life.delete")}
          </Button>
        ) : null}
      </Group>

      <Dialog opened={open === "settings"} onClose={close} title={t("life.settingsTitle")}>
        <Form method="post" onSubmit={() => setTimeout(close, 0)}>
          {intent("settings")}
          <Stack>
            <SettingsFields workshop={workshop} life={life} error={error} />
            <Button type="submit" loading={busy}>
              {t("life.save")}
            </Button>
          </Stack>
        </Form>
      </Dialog>

      <Dialog opened={open === "duplicate"} onClose={close} title={t("life.duplicateTitle")}>
        <Form method="post">
          {intent("duplicate")}
          <Stack>
            <Text size="sm">{t("life.duplicateHint")}</Text>
            <TextInput
              name="title"
              label={t("life.newTitle")}
              required
              maxLength={LIMITS.title}
              defaultValue={t("life.copyTitle", { title: workshop.title })}
              error={error("title")}
            />
            <Button type="submit" loading={busy}>
              {t("life.duplicateSubmit")}
            </Button>
          </Stack>
        </Form>
      </Dialog>

      <Dialog opened={open === "template"} onClose={close} title={t("life.saveTemplate")}>
        <Form method="post" onSubmit={() => setTimeout(close, 0)}>
          {intent("saveTemplate")}
          <Stack>
            <TextInput
              name="name"
              label={t("life.templateName")}
              required
              maxLength={80}
              defaultValue={workshop.title}
              error={error("name")}
            />
            <Button type="submit" loading={busy}>
              {t("life.templateSubmit")}
            </Button>
          </Stack>
        </Form>
      </Dialog>

      <Dialog opened={open === "delete"} onClose={close} title={t("life.deleteTitle")}>
        <Form method="post">
          {intent("delete")}
          <Stack>
            <Alert color="red">{t("life.deleteWarning")}</Alert>
            <TextInput
              name="confirmTitle"
              label={t("life.deleteConfirm")}
              description={workshop.title}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              autoComplete="off"
              error={error("confirmTitle")}
            />
            <Button type="submit" color="red.9" disabled={!deleteConfirmed(workshop.title, typed)} loading={busy}>
              {t("life.deleteSubmit")}
            </Button>
          </Stack>
        </Form>
      </Dialog>
    </>
  );
}
