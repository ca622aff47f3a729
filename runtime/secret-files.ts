import fs from 'node:fs';

/**
 * Secrets from files: each secret setting `NAME` may instead be given as `NAME_FILE`, the path of a file
 * holding the value (Docker and compose secrets under /run/secrets, a Kubernetes Secret mounted as files).
 * Such a value never shows in the container's or pod's environment, where `docker inspect`, `kubectl
 * describe` and crash reporters read it. Read once, when the process loads its configuration.
 *
 * Problems come back one line each, naming the variable and the path, never the file's contents.
 */
export function readSecretFiles(
  env: Record<string, string>,
  names: Iterable<string>,
): { env: Record<string, string>; problems: string[] } {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of names) {
    const fileVariable = `${name}_FILE`;
    const file = env[fileVariable];
    if (file === undefined) continue;
    delete resolved[fileVariable];
    if (env[name] !== undefined) {
      problems.push(`${fileVariable}: ${name} is set as well; set only one of them`);
      continue;
    }
    const read = readValue(file);
    if ('problem' in read) problems.push(`${fileVariable}: ${read.problem}`);
    else resolved[name] = read.value;
  }
  return { env: resolved, problems };
}

function readValue(file: string): { value: string } | { problem: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { problem: `cannot read the file ${file} (${code})` };
  }
  // Editors and `echo` end a file with a newline that is no part of the secret.
  const value = text.trim();
  return value === '' ? { problem: `the file ${file} is empty` } : { value };
}
