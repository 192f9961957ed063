/** The pg-boss queue, in the same PostgreSQL as the data. */
import { PgBoss } from "pg-boss";
import { DECONVOLVE_JOB, type TDeconvolveJob } from "./jobs.js";

export interface JobQueue {
  enqueueDeconvolve(job: TDeconvolveJob): Promise<string>;
  cancel(jobId: string): Promise<void>;
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startJobQueue(databaseUrl: string): Promise<JobQueue> {
  // how often pg-boss looks for jobs whose worker stopped heartbeating (then they are retried)
  const monitorSeconds = Number(process.env.QUEUE_MONITOR_SECONDS ?? 15);
  const boss = new PgBoss({ connectionString: databaseUrl, max: 4, superviseIntervalSeconds: monitorSeconds, monitorIntervalSeconds: monitorSeconds });
  boss.on("error", (e: Error) => console.error("[queue]", e.message));
  await boss.start();
  const options = {
    heartbeatSeconds: DECONVOLVE_JOB.options.heartbeatSeconds,
    retryLimit: DECONVOLVE_JOB.options.retryLimit,
    retryDelay: DECONVOLVE_JOB.options.retryDelay,
    expireInSeconds: DECONVOLVE_JOB.options.expireInSeconds,
  };
  if (await boss.getQueue(DECONVOLVE_JOB.name)) await boss.updateQueue(DECONVOLVE_JOB.name, options);
  else {
    // API and worker may start together: the one that loses the race finds the queue made
    await boss.createQueue(DECONVOLVE_JOB.name, options).catch(async (e: Error) => {
      if (!(await boss.getQueue(DECONVOLVE_JOB.name))) throw e;
    });
  }
  return {
    boss,
    async enqueueDeconvolve(job) {
      const id = await boss.send(DECONVOLVE_JOB.name, DECONVOLVE_JOB.payload.parse(job));
      if (!id) throw new Error("pg-boss refused the job");
      return id;
    },
    async cancel(jobId) {
      await boss.cancel(DECONVOLVE_JOB.name, jobId).catch(() => {});
    },
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
