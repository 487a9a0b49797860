import { Button, Card, Container, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { MetaFunction } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "../i18n/meta";
import type { loader as rootLoader } from "../root";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { key: "app.tagline" })];

export default function Home() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return (
    <Container size="md" py="xl">
      <Stack gap="xl">
        <Stack gap="sm">
          <Title order={1}>{t("home.title")}</Title>
          <Text size="lg">{t("home.lead")}</Text>
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card withBorder padding="lg">
            <Stack>
              <Title order={2} size="h3">
                {t("home.participantsTitle")}
              </Title>
              <Text>{t("home.participantsText")}</Text>
              <Button component={Link} to="/join" size="md">
                {t("home.joinCta")}
              </Button>
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Stack>
              <Title order={2} size="h3">
                {t("home.facilitatorsTitle")}
              </Title>
              <Text>{t("home.facilitatorsText")}</Text>
              <Group>
                {root?.facilitator ? (
                  <Button component={Link} to="/workshops" variant="light" size="md">
                    {t("nav.myWorkshops")}
                  </Button>
                ) : (
                  <>
                    {root?.signupOpen ? (
                      <Button component={Link} to="/signup" variant="light" size="md">
                        {t("home.startCta")}
                      </Button>
                    ) : null}
                    <Button component={Link} to="/login" variant="subtle" size="md">
                      {t("nav.logIn")}
                    </Button>
                  </>
                )}
              </Group>
            </Stack>
          </Card>
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
