/**
 * The `fdr` executable: runs the CLI on the process's arguments.
 *
 * @module
 */
import { run } from "./run.js";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
});
void Promise.resolve(
  run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text + "\n"),
    err: (text) => process.stderr.write(text + "\n"),
  }),
).then((code) => {
  process.exitCode = code;
});
