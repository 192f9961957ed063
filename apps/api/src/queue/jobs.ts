/** Background job definitions: a name, a version and a zod payload; the handler lives in worker/. */
import { z } from "zod";

export const DECONVOLVE_JOB = {
  name: "deconvolve-run",
  version: 1,
  payload: z.object({ runId: z.string().uuid() }),
  options: {
    // a worker that vanishes stops heartbeating; pg-boss then fails the attempt and retries it
    // read when the queue starts, so tests can shorten it
    get heartbeatSeconds() {
      return Number(process.env.JOB_HEARTBEAT_SECONDS ?? 30);
    },
    retryLimit: 3,
    retryDelay: 5,
    expireInSeconds: 24 * 3600,
  },
};

export type TDeconvolveJob = z.infer<typeof DECONVOLVE_JOB.payload>;
