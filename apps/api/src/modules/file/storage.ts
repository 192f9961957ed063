/**
 * Bytes on local disk under FILES_DIR. Uploads stream to a temporary file while hashing, and are
 * renamed into place only when complete, so an interrupted upload leaves nothing behind.
 */
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { AppError } from "../../errors.js";

export interface StoredBlob {
  id: string;
  size: number;
  sha256: string;
}

export class FileStorage {
  constructor(readonly root: string) {}

  pathOf(id: string): string {
    return path.join(this.root, id.slice(0, 2), id);
  }

  /** Streams `source` to disk; rejects with TOO_LARGE past `maxBytes` and removes the partial file. */
  async write(source: Readable, maxBytes: number): Promise<StoredBlob> {
    const id = randomUUID();
    const tmpDir = path.join(this.root, "tmp");
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${id}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new AppError("TOO_LARGE", `File exceeds the upload limit of ${maxBytes} bytes.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tmp, { flags: "wx" }));
      const final = this.pathOf(id);
      await fsp.mkdir(path.dirname(final), { recursive: true });
      await fsp.rename(tmp, final);
    } catch (e) {
      await fsp.rm(tmp, { force: true });
      throw e;
    }
    return { id, size, sha256: hash.digest("hex") };
  }

  /** Stores bytes made by the server itself (run outputs, generated PSFs). */
  async writeBytes(bytes: Uint8Array): Promise<StoredBlob> {
    const id = randomUUID();
    const final = this.pathOf(id);
    await fsp.mkdir(path.dirname(final), { recursive: true });
    const tmp = `${final}.part`;
    await fsp.writeFile(tmp, bytes);
    await fsp.rename(tmp, final);
    return { id, size: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") };
  }

  async read(id: string): Promise<Uint8Array> {
    return new Uint8Array(await fsp.readFile(this.pathOf(id)));
  }

  createReadStream(id: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(id));
  }

  async remove(id: string): Promise<void> {
    await fsp.rm(this.pathOf(id), { force: true });
  }
}
