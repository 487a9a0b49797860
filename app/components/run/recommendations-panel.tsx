import {
  ActionIcon,
  Button,
  Card,
  Group,
  Input,
  MultiSelect,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ContributionView } from "../../domain/contributions";
import { HELICES, type Helix } from "../../domain/helix";
import { PRIORITIES, type Priority, RECOMMENDATION_LIMITS, type RecommendationView } from "../../domain/recommendations";
import { useFormat } from "../../i18n/format";
import { newClientId } from "../../realtime/outbox";
import type { PayloadOf } from "../../realtime/protocol";
import { useFieldErrors } from "../field-error";
import { RecommendationCard } from "../recommendation-card";
import { CommandError, useCommand } from "./command";
import { Dialog, wrappingPills } from "./dialog";
import type { Send } from "./types";

type Draft = {
  title: string;
  body: string;
  ownerKind: "helix" | "organisation";
  helix: Helix;
  organisation: string;
  deadline: string;
  priority: Priority;
  linkedIds: string[];
};

const blank: Draft = {
  title: "",
  body: "",
  ownerKind: "organisation",
  helix: "government",
  organisation: "",
  deadline: "",
  priority: "medium",
  linkedIds: [],
};

function draftOf(rec: RecommendationView): Draft {
  return {
    title: rec.title,
    body: rec.body ?? "",
    ownerKind: rec.owner.kind,
    helix: rec.owner.kind === "helix" ? rec.owner.helix : "government",
    organisation: rec.owner.kind === "organisation" ? rec.owner.name : "",
    deadline: rec.deadline ?? "",
    priority: rec.priority,
    linkedIds: rec.linkedIds,
  };
}

/** Drafts or edits one recommendation; solutions to link are offered best first (last solution vote). */
function RecommendationForm({
  editing,
  solutions,
  send,
  onDone,
}: {
  editing: RecommendationView | null;
  solutions: { value: string; label: string }[];
  send: Send;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { run, error, busy } = useCommand(send);
  const [draft, setDraft] = useState<Draft>(editing ? draftOf(editing) : blank);
  const [clientId] = useState(newClientId);
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const field = useFieldErrors(error);

  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const payload: PayloadOf<"recommendation:save"> = {
          ...(editing ? { recommendationId: editing.id, baseUpdatedAt: editing.updatedAt } : { clientId }),
          title: draft.title,
          body: draft.body,
          owner:
            draft.ownerKind === "helix"
              ? { kind: "helix", helix: draft.helix }
              : { kind: "organisation", name: draft.organisation },
          deadline: draft.deadline,
          priority: draft.priority,
          linkedIds: draft.linkedIds,
        };
        if (await run("recommendation:save", payload)) onDone();
      }}
    >
      <Stack gap="sm">
        <TextInput
          label={t("recommendations.fields.title")}
          required
          maxLength={RECOMMENDATION_LIMITS.title}
          value={draft.title}
          onChange={(e) => set("title")(e.currentTarget.value)}
          error={field("title")}
          data-autofocus
        />
        <Textarea
          label={t("recommendations.fields.body")}
          autosize
          minRows={2}
          maxLength={RECOMMENDATION_LIMITS.body}
          value={draft.body}
          onChange={(e) => set("body")(e.currentTarget.value)}
          error={field("body")}
        />
        <Stack gap={4}>
          {/* Someone always acts (an organisation named, or a helix): marked required as the title is. */}
          <Input.Label required id="owner-label">
            {t("recommendations.owner")}
          </Input.Label>
          <SegmentedControl
            aria-labelledby="owner-label"
            value={draft.ownerKind}
            onChange={(v) => set("ownerKind")(v as Draft["ownerKind"])}
            data={[
              { value: "organisation", label: t("recommendations.fields.ownerOrganisation") },
              { value: "helix", label: t("recommendations.fields.ownerHelix") },
            ]}
          />
          {draft.ownerKind === "helix" ? (
            <Select
              aria-label={t("recommendations.fields.ownerHelix")}
              data={HELICES.map((h) => ({ value: h, label: t(`helix.${h}.name`) }))}
              value={draft.helix}
              onChange={(v) => v && set("helix")(v as Helix)}
              allowDeselect={false}
            />
          ) : (
            <TextInput
              aria-label={t("recommendations.fields.ownerOrganisation")}
              placeholder={t("recommendations.fields.ownerPlaceholder")}
              maxLength={RECOMMENDATION_LIMITS.owner}
              value={draft.organisation}
              onChange={(e) => set("organisation")(e.currentTarget.value)}
              error={field("owner.name")}
            />
          )}
        </Stack>
        {/* Priority has a row of its own: beside the deadline its choices were cut to "Low p…". */}
        <Stack gap={4}>
          <Text size="sm" fw={500} id="priority-label">
            {t("recommendations.fields.priority")}
          </Text>
          <SegmentedControl
            aria-labelledby="priority-label"
            fullWidth
            value={draft.priority}
            onChange={(v) => set("priority")(v as Priority)}
            data={PRIORITIES.map((p) => ({ value: p, label: t(`recommendations.priority.${p}`) }))}
            data-testid="priority-choice"
          />
        </Stack>
        <TextInput
          type="date"
          label={t("recommendations.deadline")}
          value={draft.deadline}
          onChange={(e) => set("deadline")(e.currentTarget.value)}
          error={field("deadline")}
          w={220}
        />
        <MultiSelect
          label={t("recommendations.fields.linked")}
          description={t("recommendations.fields.linkedHint")}
          data={solutions}
          value={draft.linkedIds}
          onChange={set("linkedIds")}
          searchable
          clearable
          maxValues={RECOMMENDATION_LIMITS.links}
          styles={wrappingPills}
          nothingFoundMessage={t("recommendations.fields.noSolutions")}
          error={field("linkedIds")}
        />
        <CommandError
          error={error}
          fields={["title", "body", "deadline", "linkedIds", ...(draft.ownerKind === "organisation" ? ["owner.name"] : [])]}
        />
        <Group justify="flex-end">
          <Button variant="subtle" onClick={onDone}>
            {t("contribute.cancel")}
          </Button>
          <Button type="submit" loading={busy}>
            {editing ? t("recommendations.saveChanges") : t("recommendations.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The action plan on the facilitator's page: the recommendations in order, with their endorsements
 * live; add, edit, reorder and remove them.
 */
export function RecommendationsPanel({
  recommendations,
  contributions,
  solutionScores,
  closed,
  send,
}: {
  recommendations: readonly RecommendationView[];
  contributions: readonly ContributionView[];
  /** Balanced scores of the last solution vote, to offer the top solutions first. */
  solutionScores: Record<string, number>;
  closed: boolean;
  send: Send;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { run, error, busy } = useCommand(send);
  const [editing, setEditing] = useState<RecommendationView | "new" | null>(null);
  const challengeTitle = (id: string | null) => contributions.find((c) => c.id === id)?.title ?? "";
  const solutions = contributions
    .filter((c) => c.kind === "solution" && c.status === "visible")
    .sort((a, b) => (solutionScores[b.id] ?? -1) - (solutionScores[a.id] ?? -1))
    .map((c) => ({
      value: c.id,
      label: `${c.title}${solutionScores[c.id] !== undefined ? ` (${format.score(solutionScores[c.id])})` : ""} — ${challengeTitle(c.parentId)}`,
    }));

  return (
    <Card withBorder padding="md" data-testid="recommendations-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t("recommendations.title")}
          </Title>
          {!closed ? (
            <Button size="xs" onClick={() => setEditing("new")} data-testid="add-recommendation">
              {t("recommendations.add")}
            </Button>
          ) : null}
        </Group>
        <CommandError error={error} />
        {recommendations.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("recommendations.empty")}
          </Text>
        ) : (
          recommendations.map((rec, index) => (
            <RecommendationCard
              key={rec.id}
              rec={rec}
              contributions={contributions}
              actions={
                closed ? null : (
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      aria-label={t("recommendations.moveUp", { title: rec.title })}
                      disabled={index === 0 || busy}
                      onClick={() => run("recommendation:move", { recommendationId: rec.id, toIndex: index - 1 })}
                    >
                      ↑
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t("recommendations.moveDown", { title: rec.title })}
                      disabled={index === recommendations.length - 1 || busy}
                      onClick={() => run("recommendation:move", { recommendationId: rec.id, toIndex: index + 1 })}
                    >
                      ↓
                    </ActionIcon>
                    <Button size="compact-xs" variant="light" onClick={() => setEditing(rec)}>
                      {t("recommendations.edit")}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        if (window.confirm(t("recommendations.confirmRemove", { title: rec.title })))
                          void run("recommendation:remove", { recommendationId: rec.id });
                      }}
                    >
                      {t("recommendations.remove")}
                    </Button>
                  </Group>
                )
              }
            />
          ))
        )}
      </Stack>
      <Dialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("recommendations.add") : t("recommendations.edit")}
      >
        {editing !== null ? (
          <RecommendationForm
            key={editing === "new" ? "new" : editing.id}
            editing={editing === "new" ? null : editing}
            solutions={solutions}
            send={send}
            onDone={() => setEditing(null)}
          />
        ) : null}
      </Dialog>
    </Card>
  );
}
