/** Test helpers for typed errors. */
import { expect } from "vitest";
import { PolicyError, type Issue } from "../../src/index.js";

/** The issues of the PolicyError that `run` throws; fails the test when it throws nothing or something else. */
export function issuesOf(run: () => unknown): Issue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    return [...(error as PolicyError).issues];
  }
  throw new Error("expected a PolicyError");
}
