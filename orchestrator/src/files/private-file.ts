// Writes a file only its owner may read (a NATS seed, a stack record with its users' seeds): 0600
// whether the file is new or was there before (writeFile's mode applies to a new file only), and
// never through a symlink planted at the path (O_NOFOLLOW: ELOOP instead).
import { constants } from "node:fs";
import { open } from "node:fs/promises";

export async function writePrivateFile(file: string, text: string): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
