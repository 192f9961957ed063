/** API process: GraphQL + file endpoints on API_PORT. */
import { createServer } from "node:http";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { createDb } from "./db/client.js";
import { startJobQueue } from "./queue/job-queue.js";

const config = loadConfig();
const db = createDb(config.databaseUrl);
const queue = await startJobQueue(config.databaseUrl);
const { app, stop } = await createApp({ config, db, queue });
const server = createServer(app);
// uploads of several GB take longer than Node's default 5-minute request timeout
server.requestTimeout = 0;
server.listen(config.apiPort, config.apiHost, () => {
  console.log(`[api] GraphQL on http://localhost:${config.apiPort}/graphql`);
});

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  await stop();
  await queue.stop();
  await db.$disconnect();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
