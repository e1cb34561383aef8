// Runs a refetch at most once at a time: triggers that arrive while it runs fold into one more
// run after it. A burst of live events then neither cancels fetches in flight (the page would
// not update until the burst ends) nor is dropped (the last state would be missed).
export function coalesce(task: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          again = false;
          await task().catch(() => {});
        } while (again);
      } finally {
        running = false;
      }
    })();
  };
}
