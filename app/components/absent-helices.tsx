import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Helix } from "../domain/helix";

/** The design's promise: an absent helix is stated, never silently left out. */
export function AbsentHelicesNotice({ absent, size = "md" }: { absent: Helix[]; size?: "md" | "xl" }) {
  const { t } = useTranslation();
  if (absent.length === 0) return null;
  const helices = absent.map((h) => t(`helix.${h}.name`)).join(", ");
  return (
    <Alert
      color="orange"
      variant="light"
      data-testid="absent-helices"
      styles={size === "xl" ? { message: { fontSize: 28 } } : undefined}
    >
      {t("lobby.absentHelix", { helices })}
    </Alert>
  );
}
