import { Alert, Anchor, Button, Container, Paper, Stack, Text, Title } from "@mantine/core";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * The shell of the log-in and sign-up pages: a titled form that keeps `redirectTo`, shows a
 * non-field error, and links to the other page.
 */
export function AuthCard(props: {
  title: string;
  submitLabel: string;
  /** A translated message for an error that belongs to no single field. */
  errorText?: string | null;
  /** The link to the other page (none when sign-up is closed on this server). */
  switchText?: string;
  switchLabel?: string;
  switchTo?: "/login" | "/signup";
  children: ReactNode;
}) {
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <Container size={460} py="xl">
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            <Title order={1} size="h2">
              {props.title}
            </Title>
            {props.errorText ? (
              <Alert color="red" role="alert">
                {props.errorText}
              </Alert>
            ) : null}
            <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
            {props.children}
            <Button type="submit" loading={busy}>
              {props.submitLabel}
            </Button>
            {props.switchTo ? (
              <Text size="sm">
                {props.switchText}{" "}
                <Anchor component={Link} to={`${props.switchTo}${params.size ? `?${params}` : ""}`}>
                  {props.switchLabel}
                </Anchor>
              </Text>
            ) : null}
          </Stack>
        </Form>
      </Paper>
    </Container>
  );
}
