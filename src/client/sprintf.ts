/**
 * The part of Go's `fmt.Sprintf` that Kubernetes event messages use, so `eventf` can take format
 * strings copied from upstream: `%v %s %d %q %x %X %t %f %e %g %%` with optional `+`, `-`, `0`,
 * width and precision. Like Go, a missing argument prints `%!d(MISSING)`, a surplus one
 * `%!(EXTRA type=value)`, and an unknown verb `%!z(type=value)`.
 */
export function sprintf(format: string, ...args: unknown[]): string {
  const { texts, verbs } = parsed(format);
  let out = texts[0];
  let argi = 0;
  for (let i = 0; i < verbs.length; i++) {
    const { verb, flags, width, prec } = verbs[i];
    if (verb === '%') {
      out += '%';
    } else if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
    } else {
      let s = formatOne(verb, args[argi++], prec, flags.includes('+'));
      if (width !== undefined) s = pad(s, width, flags.includes('-'), flags.includes('0') && /[dfegxX]/.test(verb));
      out += s;
    }
    out += texts[i + 1];
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goType(a)}=${formatV(a, false)}`).join(', ')})`;
  return out;
}

interface Directive {
  verb: string;
  flags: string;
  width: number | undefined;
  prec: number | undefined;
}

/** A format split into its literal texts and the directives between them (`texts.length = verbs.length + 1`). */
interface ParsedFormat {
  texts: string[];
  verbs: Directive[];
}

/**
 * Formats parsed once: event messages use a few constant formats, on every event. Bounded: a
 * caller passing ever-new strings as formats empties it now and then instead of growing it.
 */
const parsedFormats = new Map<string, ParsedFormat>();
const MAX_PARSED_FORMATS = 512;

function parsed(format: string): ParsedFormat {
  let p = parsedFormats.get(format);
  if (p) return p;
  p = { texts: [], verbs: [] };
  const re = /%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;
  let last = 0;
  for (let m = re.exec(format); m; m = re.exec(format)) {
    p.texts.push(format.slice(last, m.index));
    last = re.lastIndex;
    const [, flags, widthStr, precStr, verb] = m;
    p.verbs.push({ verb, flags, width: widthStr === undefined ? undefined : Number(widthStr), prec: precStr === undefined ? undefined : Number(precStr) });
  }
  p.texts.push(format.slice(last));
  if (parsedFormats.size >= MAX_PARSED_FORMATS) parsedFormats.clear();
  parsedFormats.set(format, p);
  return p;
}

function formatOne(verb: string, arg: unknown, prec: number | undefined, plus: boolean): string {
  switch (verb) {
    case 'v':
      return formatV(arg, plus);
    case 's':
      return typeof arg === 'string' ? (prec === undefined ? arg : arg.slice(0, prec)) : formatV(arg, false);
    case 'q':
      return typeof arg === 'string' ? JSON.stringify(arg) : bad(verb, arg);
    case 'd':
      return typeof arg === 'number' || typeof arg === 'bigint' ? `${plus && Number(arg) >= 0 ? '+' : ''}${truncInt(arg)}` : bad(verb, arg);
    case 'x':
    case 'X': {
      let s: string;
      if (typeof arg === 'number' || typeof arg === 'bigint') s = BigInt(truncInt(arg)).toString(16);
      else if (typeof arg === 'string') s = Buffer.from(arg, 'utf8').toString('hex');
      else return bad(verb, arg);
      return verb === 'X' ? s.toUpperCase() : s;
    }
    case 't':
      return typeof arg === 'boolean' ? String(arg) : bad(verb, arg);
    case 'f':
    case 'F':
      return typeof arg === 'number' ? arg.toFixed(prec ?? 6) : bad(verb, arg);
    case 'e':
      return typeof arg === 'number' ? goExp(arg.toExponential(prec ?? 6)) : bad(verb, arg);
    case 'g':
      return typeof arg === 'number' ? (prec === undefined ? String(arg) : String(Number(arg.toPrecision(prec)))) : bad(verb, arg);
    default:
      return bad(verb, arg);
  }
}

/** `%v`: strings as is, numbers and booleans plainly, nil as `<nil>`, arrays `[a b]`, objects as JSON. */
function formatV(arg: unknown, plus: boolean): string {
  if (arg === null || arg === undefined) return '<nil>';
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number' || typeof arg === 'bigint' || typeof arg === 'boolean') return String(arg);
  if (arg instanceof Error) return arg.message;
  if (Array.isArray(arg)) return `[${arg.map((a) => formatV(a, plus)).join(' ')}]`;
  if (typeof (arg as { toString?: unknown }).toString === 'function' && (arg as object).toString !== Object.prototype.toString) {
    return String(arg);
  }
  return JSON.stringify(arg);
}

function truncInt(arg: number | bigint): string {
  return typeof arg === 'bigint' ? arg.toString() : Math.trunc(arg).toString();
}

function goExp(s: string): string {
  // JS: 1.5e+3, Go: 1.5e+03
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function goType(arg: unknown): string {
  if (arg === null || arg === undefined) return '<nil>';
  if (typeof arg === 'number') return Number.isInteger(arg) ? 'int' : 'float64';
  if (typeof arg === 'boolean') return 'bool';
  if (Array.isArray(arg)) return '[]interface {}';
  return typeof arg === 'object' ? 'map[string]interface {}' : typeof arg;
}

function bad(verb: string, arg: unknown): string {
  return `%!${verb}(${goType(arg)}=${formatV(arg, false)})`;
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
  }
  return ' '.repeat(width - s.length) + s;
}
