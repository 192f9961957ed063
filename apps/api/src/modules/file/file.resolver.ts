import type { StoredFile } from "../../db/client.js";

export const fileResolvers = {
  StoredFile: {
    name: (f: StoredFile) => f.originalName,
    size: (f: StoredFile) => Number(f.size),
    url: (f: StoredFile) => `/api/files/${f.id}`,
    previewUrl: (f: StoredFile) => `/api/files/${f.id}/preview.png`,
  },
};
