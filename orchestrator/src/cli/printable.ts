// Text from agents (their answers, their failure reasons) as the terminal may show it: control
// characters, ESC among them, become U+FFFD, so no agent can move the cursor, rewrite a line
// already printed (a fake final answer or payout) or set the clipboard (OSC 52) on a
// submitter's terminal. Tabs and newlines stay.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, "\uFFFD");
}
