import { Alert } from "@mantine/core";
import { useState } from "react";
import type { AppError } from "../../domain/result";
import type { ClientEvent, PayloadOf } from "../../realtime/protocol";
import { useFormErrorText } from "../field-error";
import type { Send } from "./types";

/** Runs a command and keeps its refusal to show; a success clears it. */
export function useCommand(send: Send) {
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <E extends ClientEvent>(event: E, payload: PayloadOf<E>) => {
    setBusy(true);
    const result = await send(event, payload);
    setBusy(false);
    setError(result.ok ? null : result.error);
    return result.ok;
  };
  return { run, error, busy, clear: () => setError(null) };
}

/**
 * A command's refusal, in words the facilitator can act on. In a form that marks its fields
 * (`fields`: their names), a field's own error is said beside it, not repeated here.
 */
export function CommandError({ error, fields = [] }: { error: AppError | null; fields?: readonly string[] }) {
  const errorText = useFormErrorText(fields);
  if (!error) return null;
  return (
    <Alert color="red" role="alert" data-testid="command-error">
      {errorText(error)}
    </Alert>
  );
}
