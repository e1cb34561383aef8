// The machine a bench ran on, for the line beside each table. The load average is part of it:
// other work on the machine shows in every latency, so a reader should see how busy it was.
import os from "node:os";

export function machineLine(): string {
  const [one] = os.loadavg();
  return `${os.type()} ${os.release()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average ${one!.toFixed(1)} at the end of the run`;
}
