/**
 * The CLI's human text in Chinese and English, and the settings every command
 * shares for one run (language, input encoding, file-size limit).
 *
 * Human text follows `--lang zh|en`, else the locale (zh for `zh_*`, else
 * en). An issue the CLI writes carries one language only: its own messages
 * are written in both and one is picked; a library issue's English message is
 * shown in Chinese by {@link localizeIssue}.
 *
 * @module
 */
import { PolicyError, type Issue, type IssueCode } from "../core/errors.js";
import { issueMessage, langFromEnvironment, type Lang } from "../core/messages.js";

/** A text in both languages. */
export interface Text {
  readonly zh: string;
  readonly en: string;
}

/** The encodings a file without a byte-order mark may be read as. */
export type Encoding = "utf-8" | "gb18030";

/** The largest pack or case file read by default: 64 MiB. Raise it with `--max-file-mb`. */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

/** What one run of the CLI shares between its commands. */
export interface Settings {
  /** The language of human text. */
  lang: Lang;
  /** How files without a byte-order mark are decoded. */
  encoding: Encoding;
  /** The largest pack or case file read, in bytes. */
  maxFileBytes: number;
  /** Whether `--lang` was given (`--explain` prints both languages without it). */
  langGiven: boolean;
}

const settings: Settings = { lang: "en", encoding: "utf-8", maxFileBytes: DEFAULT_MAX_FILE_BYTES, langGiven: false };

/** The settings of the current run. */
export function current(): Readonly<Settings> {
  return settings;
}

/** Sets the settings for a run (every field; defaults from the environment). */
export function configure(next: Partial<Settings>): void {
  settings.lang = next.lang ?? langFromEnvironment(process.env);
  settings.encoding = next.encoding ?? "utf-8";
  settings.maxFileBytes = next.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  settings.langGiven = next.langGiven ?? false;
}

/** The text in the run's language. */
export function say(text: Text): string {
  return text[settings.lang];
}

const localized = new WeakSet<Issue>();

/** An issue whose message is already in the run's language. */
export function cliIssue(code: IssueCode, text: Text, extra: { expected?: Text | string; found?: string; path?: string } = {}): Issue {
  const issue: Issue = {
    code,
    path: extra.path ?? "",
    message: say(text),
    ...(extra.expected !== undefined ? { expected: typeof extra.expected === "string" ? extra.expected : say(extra.expected) } : {}),
    ...(extra.found !== undefined ? { found: extra.found } : {}),
  };
  localized.add(issue);
  return issue;
}

/** A {@link PolicyError} with one issue whose message is in the run's language. */
export function cliError(
  code: IssueCode,
  text: Text,
  extra: { expected?: Text | string; found?: string; path?: string } = {},
): PolicyError {
  return new PolicyError([cliIssue(code, text, extra)]);
}

/** An issue as the CLI shows it: in the run's language, one language per line. */
export function localizeIssue(issue: Issue): Issue {
  if (localized.has(issue) || settings.lang === "en") return issue;
  return { ...issue, message: issueMessage(issue, "zh") };
}
