/** The texts in sources/ by file name, bundled by scripts/build-studio.mjs. */
declare module "studio:sources" {
  const texts: Readonly<Record<string, string>>;
  export default texts;
}

/** The example cases in examples/<pack id>/, bundled by scripts/build-studio.mjs. */
declare module "studio:examples" {
  const examples: Readonly<Record<string, readonly { readonly name: string; readonly case: unknown }[]>>;
  export default examples;
}
