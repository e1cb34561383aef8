// A task carrying this mark is one every simulated agent of the suite declines (an explicit skip):
// the way a case makes a whole panel refuse without stopping any process.
export const REFUSE_MARK = "[fault: outside every agent's field]";
