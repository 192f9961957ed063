/** Slots of the shared control array between the main thread and CPU workers (Int32Array). */
export const C_SEQ = 0; // command counter, bumped for each operation
export const C_NEXT = 1; // next work item to take
export const C_DONE = 2; // workers finished with the current operation
export const C_COUNT = 3; // items in the current operation
export const C_QUIT = 4; // non-zero: workers exit
export const C_ERROR = 5; // non-zero: a worker's item threw (the main thread rethrows)
export const CONTROL_SLOTS = 8;
export const ARG_SLOTS = 8;
