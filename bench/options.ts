/**
 * Command-line options of the benchmarks: `--name value` or `--name=value`, falling back to the
 * environment (`BENCH_<NAME>`, dashes as underscores) and then to a default; unknown options are
 * refused.
 */

/** Reads options named in `known`; `get(name, fallback)` gives the raw string, `positive` a checked number. */
export function readOptions(argv: string[], known: readonly string[]) {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    args.set(name, inline ?? argv[++i] ?? '');
  }
  for (const name of args.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.join(', ')})`);
  const get = (name: string, fallback: string): string => args.get(name) ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback;
  const positive = (name: string, v: string): number => {
    const n = Number(v);
    if (!(n > 0)) throw new Error(`--${name} must be a positive number, got "${v}"`);
    return n;
  };
  return { get, positive };
}

/** `--help`: prints each option with its default and what it is, and exits. */
export function helpAndExit(argv: string[], command: string, optionHelp: Record<string, string>): void {
  if (!argv.includes('--help')) return;
  console.log(`npm run ${command} -- [options]   (defaults after each name)\n${Object.entries(optionHelp).map(([k, v]) => `  --${k} ${v}`).join('\n')}`);
  process.exit(0);
}
