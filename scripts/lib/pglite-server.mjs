// A PostgreSQL wire-protocol server in front of one PGlite instance, for several clients at once.
//
// Why not pglite-socket's own multiplexer: it interleaves clients message by message, so one client's
// Parse/Bind/Execute can land between another's (pg's unnamed statement and portal are clobbered:
// "portal \"\" does not exist"). Here a client holds the database from its first message until PGlite
// answers ReadyForQuery with status idle ('I'): a whole extended-protocol batch, or a whole transaction,
// runs alone. Clients wait in arrival order.
import net from "node:net";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Serialises access to the database between connections. */
class Turnstile {
  #tail = Promise.resolve();
  /** Resolves with a release function once the caller has the database to itself. */
  acquire() {
    let release;
    const turn = new Promise((r) => (release = r));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => turn);
    return ready;
  }
}

function readyStatus(bytes) {
  // ReadyForQuery is 'Z' int32(5) status; it is always the last message of a response
  const n = bytes.length;
  if (n >= 6 && bytes[n - 6] === 0x5a && bytes[n - 5] === 0 && bytes[n - 4] === 0 && bytes[n - 3] === 0 && bytes[n - 2] === 5) {
    return String.fromCharCode(bytes[n - 1]);
  }
  return null;
}

export function createPgliteServer(db, { host = "127.0.0.1", port = 5432 } = {}) {
  const turnstile = new Turnstile();
  const sockets = new Set();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let started = false;
    let release = null; // set while this connection holds the database
    let status = "I";
    let chain = Promise.resolve();
    let closed = false;

    const runMessage = async (message) => {
      if (!release) release = await turnstile.acquire();
      if (closed) return;
      const out = [];
      await db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (chunk) => {
          out.push(Buffer.from(chunk));
          if (!socket.destroyed) socket.write(Buffer.from(chunk));
        },
      });
      const s = readyStatus(Buffer.concat(out));
      if (s) status = s;
      if (s === "I") {
        release();
        release = null;
      }
    };

    const onClose = async () => {
      if (closed) return;
      closed = true;
      sockets.delete(socket);
      await chain.catch(() => {});
      if (release) {
        // a client that vanished inside a transaction must not leave it open for the next one
        if (status !== "I") await db.exec("ROLLBACK").catch(() => {});
        release();
        release = null;
      }
    };

    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const len = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (buffer.length < len) return;
          const message = buffer.subarray(0, len);
          buffer = buffer.subarray(len);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write("N");
            continue;
          }
          if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          }
          started = true;
          chain = chain.then(() => runMessage(message));
          continue;
        }
        if (buffer.length < 5) return;
        const len = buffer.readInt32BE(1) + 1;
        if (buffer.length < len) return;
        const message = buffer.subarray(0, len);
        buffer = buffer.subarray(len);
        if (message[0] === 0x58) {
          // Terminate: end this connection only; PGlite's single session stays open
          socket.end();
          return;
        }
        chain = chain.then(() => runMessage(message));
      }
    });
    socket.on("error", () => void onClose());
    socket.on("close", () => void onClose());
    chain.catch(() => socket.destroy());
  });

  return {
    listen: () => new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve(server.address().port));
    }),
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
