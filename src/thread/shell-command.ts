/**
 * The command as the agent wrote it. codex runs every shell command through a login shell and reports the whole
 * invocation — `npm test` arrives as `/bin/bash -lc 'npm test'` in approval requests (`request.command`) and in
 * `command_execution` items (`item.command`). {@link unwrapShellCommand} undoes that wrapping, so a policy can
 * compare against what was written.
 *
 * @module
 */

// The shells codex wraps commands in, with or without a directory, and their "run this string" flags.
const SHELL = /^(?:\/(?:usr\/)?(?:local\/)?bin\/)?(?:bash|zsh|sh|dash)$/;
const FLAG = /^-l?c$/;

// Splits a command line into words the way a POSIX shell reads quotes: bare text, '…' (literal) and "…" (with \" \\
// \$ \` escapes), adjacent parts joined. Returns null for anything it does not fully understand (unbalanced quotes).
function splitWords(line: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === " " || ch === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return null;
      word += line.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && j + 1 < line.length && '"\\$`\n'.includes(line[j + 1]!)) j++;
        word += line[j];
      }
      if (j >= line.length) return null;
      i = j;
    } else if (ch === "\\" && i + 1 < line.length) {
      word += line[++i];
    } else {
      word += ch;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Returns the command inside codex's login-shell wrapper: `/bin/bash -lc 'npm test'` → `npm test`. Anything else
 * (a command that is not wrapped, `null`, `undefined`) comes back unchanged, or as `""` when absent. Match the
 * result exactly, or against a pattern that excludes `;`, `&&`, `|` and redirections: the unwrapped string is a whole
 * shell script, so `startsWith("npm test")` would also accept `npm test; rm -rf ~`.
 *
 * codex also sends `commandActions` with approval requests; they are a best-effort summary for display (a
 * pipeline can be reported as its first command only), not a basis for a decision.
 *
 * @param command The command as codex reports it (`request.command`, `item.command`).
 * @returns The script the shell was asked to run, or `command` itself when it is not a shell wrapper.
 * @example
 * ```ts
 * unwrapShellCommand("/bin/bash -lc 'npm test'"); // "npm test"
 * unwrapShellCommand(`/bin/bash -lc "echo 'hi'"`); // "echo 'hi'"
 * unwrapShellCommand("ls"); // "ls"
 * ```
 */
export function unwrapShellCommand(command: string | null | undefined): string {
  if (!command) return "";
  const words = splitWords(command.trim());
  if (words?.length === 3 && SHELL.test(words[0]!) && FLAG.test(words[1]!)) return words[2]!;
  return command;
}
