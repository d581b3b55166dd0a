/** `--name value` flags of the scenario children, with defaults; an unknown flag is an error. */
export function flags<K extends string>(argv: readonly string[], defaults: Record<K, string>): Record<K, string> {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '') as K;
    if (!(name in defaults) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete flag ${argv[i]} (known: ${Object.keys(defaults).join(', ')})`);
    out[name] = argv[i + 1]!;
  }
  for (const [k, v] of Object.entries(out)) if (v === '') throw new Error(`--${k} is required`);
  return out;
}
