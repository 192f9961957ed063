/** Streams a file to POST /api/files with upload progress (fetch cannot report it; XHR can). */
export interface UploadedFile {
  id: string;
  size: number;
  sha256: string;
  name: string;
}

export function uploadFile(apiUrl: string, file: File, onProgress?: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${apiUrl}/api/files?name=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onerror = () => reject(new Error("Upload failed: the API could not be reached."));
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as UploadedFile & { error?: { message: string } };
        } catch {
          return null;
        }
      })();
      if (xhr.status === 201 && body) resolve(body);
      else reject(new Error(body?.error?.message ?? `Upload failed (HTTP ${xhr.status}).`));
    };
    xhr.send(file);
  });
}
