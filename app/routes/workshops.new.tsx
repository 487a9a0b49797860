import {
  Alert,
  Button,
  Checkbox,
  Container,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireFacilitator } from "../auth.server";
import { useFieldErrors, useFormErrorText } from "../components/field-error";
import { WorkshopLanguageFields } from "../components/workshop-languages";
import { ROLES } from "../domain/helix";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES } from "../domain/languages";
import { LIMITS } from "../domain/schemas";
import { pageTitle } from "../i18n/meta";
import { formToObject, readForm, statusFor } from "../utils/http";

/** The fields this form marks with their own errors: the banner above it does not repeat them. */
const MARKED_FIELDS = [
  "title",
  "hostOrganisation",
  "theme",
  "venue",
  "startsOn",
  "endsOn",
  "anonymity",
  "roles",
  "languages",
  "defaultLanguage",
  "template",
] as const;

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "create.title" })];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const templates = await context.services.workshops.listTemplates(actor);
  return { templates: templates.ok ? templates.data.map(({ id, name }) => ({ id, name })) : [] };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = await requireFacilitator(request, context);
  const form = await readForm(request);
  // The form always sends a default language; a post without one (a script) leaves the languages at their defaults.
  const input = formToObject(form, form.has("defaultLanguage") ? ["roles", "languages"] : ["roles"]);
  const result = await context.services.workshops.create(actor, input);
  if (!result.ok) return data({ error: result.error, values: input }, { status: statusFor(result.error) });
  throw redirect(`/workshops/${result.data.id}`);
}

export default function NewWorkshop() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const { templates } = useLoaderData<typeof loader>();
  const fieldError = useFieldErrors(actionData?.error);
  const bannerText = useFormErrorText(MARKED_FIELDS);
  const values = (actionData?.values ?? {}) as Record<string, string | string[] | undefined>;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const busy = useNavigation().state !== "idle";
  const roles = Array.isArray(values.roles) ? values.roles : [...ROLES];
  const languages = Array.isArray(values.languages) ? values.languages.filter(isLanguage) : [...LANGUAGES];
  const defaultLanguage = isLanguage(values.defaultLanguage) ? values.defaultLanguage : DEFAULT_LANGUAGE;
  return (
    <Container size="sm" py="lg">
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            <Title order={1} size="h2">
              {t("create.title")}
            </Title>
            {actionData?.error ? (
              <Alert color="red" role="alert">
                {bannerText(actionData.error)}
              </Alert>
            ) : null}
            <TextInput
              name="title"
              label={t("create.workshopTitle")}
              description={t("create.workshopTitleHint")}
              required
              maxLength={LIMITS.title}
              defaultValue={text("title")}
              error={fieldError("title")}
            />
            <TextInput
              name="hostOrganisation"
              label={t("create.hostOrganisation")}
              required
              maxLength={LIMITS.organisation}
              defaultValue={text("hostOrganisation")}
              error={fieldError("hostOrganisation")}
            />
            <Textarea
              name="theme"
              label={t("create.theme")}
              description={t("create.themeHint")}
              autosize
              minRows={4}
              maxLength={LIMITS.theme}
              defaultValue={text("theme")}
              error={fieldError("theme")}
            />
            <TextInput
              name="venue"
              label={t("create.venue")}
              maxLength={LIMITS.venue}
              defaultValue={text("venue")}
              error={fieldError("venue")}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                name="startsOn"
                type="date"
                label={t("create.startsOn")}
                defaultValue={text("startsOn")}
                error={fieldError("startsOn")}
              />
              <TextInput
                name="endsOn"
                type="date"
                label={t("create.endsOn")}
                defaultValue={text("endsOn")}
                error={fieldError("endsOn")}
              />
            </SimpleGrid>
            <Radio.Group
              name="anonymity"
              label={t("create.anonymity")}
              defaultValue={text("anonymity") ?? "anonymous"}
              error={fieldError("anonymity")}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="anonymous" label={t("create.anonymityAnonymous")} />
                <Radio value="named" label={t("create.anonymityNamed")} />
              </Stack>
            </Radio.Group>
            <Checkbox.Group label={t("create.roles")} defaultValue={roles} error={fieldError("roles")}>
              <Stack gap="xs" mt="xs">
                {ROLES.map((role) => (
                  <Checkbox key={role} value={role} name="roles" label={t(`role.${role}.name`)} />
                ))}
              </Stack>
            </Checkbox.Group>
            <WorkshopLanguageFields languages={languages} defaultLanguage={defaultLanguage} error={fieldError} />
            <NativeSelect
              name="template"
              label={t("life.agendaTemplate")}
              defaultValue={text("template") ?? "peer-review"}
              data={[
                { value: "peer-review", label: t("life.peerReview") },
                ...templates.map((template) => ({ value: template.id, label: template.name })),
              ]}
              error={fieldError("template")}
            />
            <Group justify="flex-end">
              <Button component={Link} to="/workshops" variant="subtle">
                {t("create.cancel")}
              </Button>
              <Button type="submit" loading={busy}>
                {t("create.submit")}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
