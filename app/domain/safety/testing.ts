/** Test helper: field path -> message(s), so a test can assert exactly what a form would show. */
export function fieldMessages(result: {
  success: boolean;
  error?: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> };
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.map(String).join(".");
    out[key] = out[key] ? `${out[key]} | ${issue.message}` : issue.message;
  }
  return out;
}
