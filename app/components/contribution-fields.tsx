import { Textarea, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CONTRIBUTION_LIMITS } from "../domain/contributions";

/** The words of a challenge or solution: a one-line title and optional details, within the product's limits. */
export function ContributionFields(props: {
  kind: "challenge" | "solution";
  title: string;
  body: string;
  onTitle: (title: string) => void;
  onBody: (body: string) => void;
  /** The one-line hint under the title (phones show it; the facilitator's form does not). */
  withHint?: boolean;
  size?: "sm" | "md";
}) {
  const { t } = useTranslation();
  const solution = props.kind === "solution";
  return (
    <>
      <TextInput
        label={solution ? t("contribute.solutionTitle") : t("contribute.challengeTitle")}
        description={
          props.withHint ? (solution ? t("contribute.solutionTitleHint") : t("contribute.challengeTitleHint")) : undefined
        }
        value={props.title}
        onChange={(e) => props.onTitle(e.currentTarget.value)}
        maxLength={CONTRIBUTION_LIMITS.title}
        required
        size={props.size}
      />
      <Textarea
        label={t("contribute.body")}
        value={props.body}
        onChange={(e) => props.onBody(e.currentTarget.value)}
        maxLength={CONTRIBUTION_LIMITS.body}
        autosize
        minRows={2}
        size={props.size}
      />
    </>
  );
}
