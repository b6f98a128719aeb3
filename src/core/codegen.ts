/**
 * Code generation where the runtime allows it. Knows nothing of the library.
 *
 * @module
 */

/**
 * A function built from generated source (`new Function(...parameters,
 * source)`), or `undefined` where the runtime refuses code generation: a page
 * whose Content-Security-Policy has no `'unsafe-eval'`, or Node's
 * `--disallow-code-generation-from-strings`, throw an `EvalError`. Any other
 * error (a syntax error in the source) is thrown: it is a bug.
 *
 * @example
 * const twice = generateFunction<(n: number) => number>(["n"], "return n * 2;");
 * twice?.(21); //=> 42 (or undefined where code generation is refused)
 */
export function generateFunction<F>(parameters: readonly string[], source: string): F | undefined {
  try {
    // The callers build `source` from whitelisted parts only (literals written with JSON.stringify).
    return new Function(...parameters, source) as F;
  } catch (error) {
    if (error instanceof EvalError) return undefined;
    throw error;
  }
}

/**
 * Whether trying to generate code here may be *reported*: in a browser page
 * or worker, a Content-Security-Policy without `'unsafe-eval'` refuses
 * `new Function` and reports each attempt (a `securitypolicyviolation`
 * event, a report to the page's endpoint), though {@link generateFunction}
 * catches the refusal. Elsewhere (Node) a refusal reports nothing.
 *
 * @example
 * const codegen = !codegenMayBeReported(); // false in a browser, true in Node
 */
export function codegenMayBeReported(): boolean {
  const scope = globalThis as { document?: unknown; WorkerGlobalScope?: unknown };
  return scope.document !== undefined || scope.WorkerGlobalScope !== undefined;
}
