// Confirmations that outlive the row that caused them (a refunded session leaves the refund list,
// a claimed balance drops to zero): a small store of notices the page frame shows until dismissed
// or until they expire. Framework-free; hooks/useNotices.ts subscribes React to it.
import type { Hex } from "viem";

export type Notice = { readonly id: number; readonly text: string; readonly hash?: Hex | undefined; readonly tone: "success" | "error" };

export type NoticeStore = {
  readonly list: () => readonly Notice[];
  readonly push: (notice: Omit<Notice, "id">) => number;
  readonly dismiss: (id: number) => void;
  readonly subscribe: (listener: () => void) => () => void;
};

export function createNoticeStore(options: { readonly ttlMs?: number; readonly max?: number; readonly setTimer?: (run: () => void, ms: number) => unknown } = {}): NoticeStore {
  const { ttlMs = 15_000, max = 3, setTimer = (run: () => void, ms: number) => setTimeout(run, ms) } = options;
  let notices: readonly Notice[] = [];
  let next = 1;
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  const dismiss = (id: number) => {
    if (!notices.some((n) => n.id === id)) return;
    notices = notices.filter((n) => n.id !== id);
    emit();
  };
  return {
    list: () => notices,
    push(notice) {
      const id = next++;
      notices = [...notices, { ...notice, id }].slice(-max);
      emit();
      setTimer(() => dismiss(id), ttlMs);
      return id;
    },
    dismiss,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The page's one store. */
export const notices = createNoticeStore();
