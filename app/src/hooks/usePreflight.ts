// The submit form's check before money moves (lib/preflight.ts). It runs on submit, before any
// wallet prompt; after a refusal it runs again as the person edits (debounced), so the button
// unlocks only once the edited submission passes. Each state names the request it is about, so a
// result for fields since changed is never shown as theirs.
import { useEffect, useRef, useState } from "react";
import type { PreflightAnswer, PreflightRequest } from "@concord/agent-sdk/protocol";
import { postPreflight } from "../lib/preflight.ts";

export type PreflightState =
  | { readonly kind: "idle" }
  | { readonly kind: "checking"; readonly key: string }
  | { readonly kind: "passed" | "refused"; readonly key: string; readonly answer: PreflightAnswer }
  | { readonly kind: "failed"; readonly key: string; readonly message: string };

/** Wait after the last edit before checking a refused submission again. */
const RECHECK_DELAY_MS = 600;
/**
 * A refusal of the fields as they stand is checked again this often: an agent that was not heard
 * or did not answer the probe may be back, and nothing else would ever lift the block.
 */
const REFUSED_RECHECK_MS = 5_000;

/** `body`: the request for the form's current fields, undefined while they do not validate. */
export function usePreflight(body: PreflightRequest | undefined) {
  const key = body === undefined ? undefined : JSON.stringify(body);
  const [state, setState] = useState<PreflightState>({ kind: "idle" });
  const latest = useRef(0);

  const run = async (request: PreflightRequest): Promise<boolean> => {
    const requestKey = JSON.stringify(request);
    const ticket = ++latest.current;
    setState({ kind: "checking", key: requestKey });
    const result = await postPreflight(fetch, request);
    if (ticket !== latest.current) return false; // a newer check owns the state
    if (result.kind === "error") {
      setState({ kind: "failed", key: requestKey, message: result.message });
      return false;
    }
    setState({ kind: result.answer.ok ? "passed" : "refused", key: requestKey, answer: result.answer });
    return result.answer.ok;
  };

  const refusedKey = state.kind === "refused" ? state.key : undefined;
  useEffect(() => {
    if (refusedKey === undefined || body === undefined) return;
    const timer = setTimeout(() => void run(body), key === refusedKey ? REFUSED_RECHECK_MS : RECHECK_DELAY_MS);
    return () => clearTimeout(timer);
    // `body` is the value `key` spells: keyed on the text, not on each render's object; `state`
    // changes with each answer, so a refusal that stands is checked again after each one.
  }, [key, refusedKey, state]);

  return {
    state,
    /** True when the state is about the form's current fields. */
    current: state.kind !== "idle" && state.key === key,
    /** The submit button waits: a check runs, or the last one refused (and, for edited fields, will run again). */
    blocking: state.kind === "checking" || (state.kind === "refused" && body !== undefined),
    run,
  };
}
