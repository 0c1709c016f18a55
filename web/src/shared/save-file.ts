/** The object URL of a saved file is let go once the browser has surely started the download. */
const REVOKE_AFTER_MS = 60_000;

/** Hands a file to the browser to save under `name`, as a link with `download` would. */
export function saveFile(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), REVOKE_AFTER_MS);
}

/** A response's body as JSON (an API error's `errors` list), or null when it is not JSON. */
export async function readJsonBody(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}
