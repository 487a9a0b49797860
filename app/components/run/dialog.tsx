import { Modal, type ModalProps } from "@mantine/core";
import { useTranslation } from "react-i18next";

/**
 * Every dialog of the facilitator's page: Mantine's Modal with a named close button (its × has no
 * text of its own) and wide enough by default that choices inside it are never cut short.
 */
export function Dialog({ closeButtonProps, size = "lg", ...props }: ModalProps) {
  const { t } = useTranslation();
  return <Modal size={size} closeButtonProps={{ "aria-label": t("run.closeDialog"), ...closeButtonProps }} {...props} />;
}

/**
 * For a MultiSelect whose choices are long (a solution with its score and its challenge): chosen
 * values wrap onto more lines instead of being cut to "A standing minis…".
 */
export const wrappingPills = {
  pill: {
    height: "auto",
    flex: "0 1 auto",
    whiteSpace: "normal",
    paddingBlock: 2,
    borderRadius: "var(--mantine-radius-md)",
    "--pill-height": "20px",
  },
} as const;
