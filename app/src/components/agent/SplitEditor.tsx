// The royalty split editor: one row per recipient (address, share in percent), add and remove,
// the running total, and each problem by its field (lib/split-form.ts, the contract's rules) once
// `showErrors` (after a first attempt, so a person is not scolded while typing).
import { MAX_SPLIT_RECIPIENTS } from "@concord/agent-sdk/protocol";
import { bpsToPercent, type SplitCheck, type SplitRow } from "../../lib/split-form.ts";

export function SplitEditor(props: {
  id: string;
  rows: readonly SplitRow[];
  onChange: (rows: SplitRow[]) => void;
  check: SplitCheck;
  showErrors: boolean;
  disabled?: boolean;
}) {
  const { id, rows, check, showErrors } = props;
  const errors = !check.ok && showErrors ? check : undefined;
  const set = (i: number, field: keyof SplitRow, value: string) =>
    props.onChange(rows.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
  const total = check.totalBps === undefined ? "—" : `${bpsToPercent(check.totalBps)} %`;
  return (
    <fieldset className="split-editor" data-testid={`${id}-editor`} aria-describedby={`${id}-rules${errors?.error ? ` ${id}-error` : ""}`}>
      <legend>Royalty split</legend>
      <p id={`${id}-rules`} className="hint">
        Who is paid the agent's earnings: 1 to {MAX_SPLIT_RECIPIENTS} different addresses, each with a share above 0, the shares adding up
        to 100 % (in hundredths of a percent). The order does not matter: they are sent sorted, as the contract requires.
      </p>
      <ol className="split-rows">
        {rows.map((row, i) => {
          const rowErrors = errors?.rows[i] ?? {};
          const rid = `${id}-${i}`;
          return (
            <li key={i} data-testid="split-row">
              <div>
                <label htmlFor={`${rid}-recipient`}>Recipient {i + 1}</label>
                <input id={`${rid}-recipient`} type="text" value={row.recipient} spellCheck={false} autoComplete="off" placeholder="0x…"
                  onChange={(e) => set(i, "recipient", e.target.value)} disabled={props.disabled}
                  {...invalid(`${rid}-recipient`, rowErrors.recipient)} />
                {rowErrors.recipient && <p id={`${rid}-recipient-error`} className="field-error">{rowErrors.recipient}</p>}
              </div>
              <div className="share">
                <label htmlFor={`${rid}-percent`}>Share (%)</label>
                <input id={`${rid}-percent`} type="text" inputMode="decimal" value={row.percent}
                  onChange={(e) => set(i, "percent", e.target.value)} disabled={props.disabled}
                  {...invalid(`${rid}-percent`, rowErrors.percent)} />
                {rowErrors.percent && <p id={`${rid}-percent-error`} className="field-error">{rowErrors.percent}</p>}
              </div>
              <button type="button" className="remove" onClick={() => props.onChange(rows.filter((_, j) => j !== i))}
                disabled={props.disabled || rows.length <= 1} aria-label={`Remove recipient ${i + 1}`}>Remove</button>
            </li>
          );
        })}
      </ol>
      <p className="split-total">
        <button type="button" onClick={() => props.onChange([...rows, { recipient: "", percent: "" }])}
          disabled={props.disabled || rows.length >= MAX_SPLIT_RECIPIENTS}>Add a recipient</button>{" "}
        <span data-testid={`${id}-total`}>Total: {total}</span>
      </p>
      {errors?.error && <p id={`${id}-error`} className="field-error" data-testid={`${id}-error`}>{errors.error}</p>}
    </fieldset>
  );
}

export function invalid(id: string, error: string | undefined) {
  return error ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {};
}
