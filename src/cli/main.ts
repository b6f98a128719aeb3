/**
 * The `fdr` executable: runs the CLI on the process's arguments.
 *
 * Standard output that cannot be written (`> /dev/full`) ends the command
 * with exit 2 and an `io_error`; a closed pipe (`| head -1`) ends it without a
 * stack trace and with one line on stderr saying after how many lines the
 * output was cut short. `fdr batch` reports its own output's failures.
 *
 * @module
 */
import { describeStdout, reason, reportedStreams, say } from "./output.js";
import { run } from "./run.js";

let lines = 0;
let failure: NodeJS.ErrnoException | undefined;
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  failure ??= error;
});
process.stderr.on("error", () => undefined);

const out = (text: string): void => {
  if (failure) return;
  const count = text.split("\n").length;
  process.stdout.write(text + "\n", (error) => {
    if (!error) lines += count;
  });
};

/** Waits until every write to standard output is done (or has failed). */
const flushed = (): Promise<void> => new Promise((resolve) => process.stdout.write("", () => resolve()));

/** The exit code, once standard output's fate is known. */
function finalCode(code: number): number {
  if (!failure || reportedStreams.has(process.stdout)) return code;
  if (failure.code === "EPIPE" || failure.code === "ERR_STREAM_DESTROYED") {
    process.stderr.write(
      say(
        `fdr: output cut short after ${lines} line${lines === 1 ? "" : "s"}: the reader closed the pipe\n`,
        `fdr：输出在 ${lines} 行后被截断：读取方关闭了管道\n`,
      ),
    );
    return code;
  }
  const name = describeStdout();
  const issue = {
    code: "io_error",
    path: "",
    message: say(
      `cannot write ${name}: ${reason(failure)}; ${lines} line${lines === 1 ? " was" : "s were"} written`,
      `无法写入 ${name}：${reason(failure)}；已写入 ${lines} 行`,
    ),
    found: JSON.stringify(name),
  };
  process.stderr.write(JSON.stringify([issue], null, 2) + "\n");
  return 2;
}

let finished = false;
// A command whose work stopped waiting for something that never comes must not end as a silent success.
process.once("beforeExit", () => {
  if (finished) return;
  process.stderr.write(
    JSON.stringify(
      [{ code: "internal_error", path: "", message: say("the command stopped before it finished", "命令未完成就停止了") }],
      null,
      2,
    ) + "\n",
  );
  process.exitCode = 2;
});

void Promise.resolve(run(process.argv.slice(2), { out, err: (text) => process.stderr.write(text + "\n") })).then(async (code) => {
  await flushed();
  finished = true;
  process.exitCode = finalCode(code);
});
