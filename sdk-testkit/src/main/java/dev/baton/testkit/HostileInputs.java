package dev.baton.testkit;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inputs that a parser of untrusted data (a webhook payload, a configuration file, a registry's
 * response, a child process's output) must survive: random bytes and text, valid samples with
 * values swapped, bytes flipped, spans cut or repeated, truncations, and large inputs of a few MiB
 * (a sample repeated, nesting thousands deep, one value megabytes long, a million short lines).
 * Every input is made from a {@link Kind} and a seed, so a property test that generates those two
 * reports a failing input that can be made again. Uses no test library: call it from any property
 * test.
 *
 * <p>Draw kinds from {@link #MOSTLY_SMALL}, so that most inputs are small and quick and some are
 * large, and check each through {@link #check}, so that a test cut short by its timeout can still
 * name the input it was on ({@link #inFlight()}; {@link HostileInputProperties} gives a test class
 * the timeout and the naming).
 *
 * <pre>{@code
 * HostileInputs inputs = HostileInputs.of(List.of(validPayload));
 * qt().forAll(arbitrary().pick(HostileInputs.MOSTLY_SMALL), longs().all())
 *     .checkAssert((kind, seed) -> inputs.check(kind, seed, payload -> parse(payload)));
 * }</pre>
 */
public final class HostileInputs {
  /** The size of the large kinds, unless {@link #largeBytes} says otherwise: 3 MiB. */
  public static final int DEFAULT_LARGE_BYTES = 3 << 20;

  /** Scalars in JSON, YAML and line formats: quoted strings and runs of word characters. */
  private static final Pattern SCALAR =
      Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"|[A-Za-z0-9_.:/@+$-]+");

  /** Values that parsers get wrong: other types, limits, escapes, YAML's own syntax. */
  private static final List<String> SWAPS =
      List.of(
          "null",
          "~",
          "true",
          "[]",
          "{}",
          "\"\"",
          "0",
          "-1",
          "2147483648",
          "18446744073709551658",
          "1e400",
          "-0.0",
          "NaN",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "\"\\\"\"",
          "\"::set-output name=x::y\"",
          "\"a\\nb\"",
          "&a",
          "*a",
          "!!binary",
          "!!java.lang.Object",
          "<<",
          "? ",
          "|",
          "- ",
          "#",
          ":",
          "@",
          "sha256:",
          "sha-",
          "refs/",
          "{{",
          "\t",
          "\u00e9\u202e",
          "\uFEFF");

  /** What an input is made of; the {@code LARGE_} kinds are of the large size. */
  public enum Kind {
    /** Up to 4 KiB of random bytes. */
    RANDOM_BYTES,
    /** Up to 4 KiB of characters that mean something in JSON, YAML and line formats. */
    RANDOM_SYNTAX,
    /** A sample with one to five scalars swapped for other values (often still well-formed). */
    SWAPPED,
    /** A sample with one to eight bytes flipped, spans cut, repeated or inserted. */
    MUTATED,
    /** A sample cut short. */
    TRUNCATED,
    /** A sample, swapped, then repeated to the large size. */
    LARGE_REPEATED,
    /** Brackets, braces or YAML nesting, thousands deep, to the large size. */
    LARGE_NESTED,
    /** A sample with one scalar made as long as the large size. */
    LARGE_VALUE,
    /** Short lines (an opening brace, a word, a sample's line) to the large size. */
    LARGE_LINES;

    /** {@return whether inputs of this kind are of the large size} */
    public boolean large() {
      return name().startsWith("LARGE_");
    }
  }

  /**
   * The kinds to draw from, weighted: each small kind four times and each large kind once, so that
   * about five inputs in six are small (at most 4 KiB, or about a sample's size) and one in six is
   * large. Property tests stay quick and still meet every large kind within a few dozen examples.
   */
  public static final List<Kind> MOSTLY_SMALL = mostlySmall();

  private final List<byte[]> samples;
  private final int largeBytes;

  /**
   * The input a {@link #check} is on, for the whole JVM: JUnit runs tests one at a time unless told
   * otherwise, and a test stopped by its timeout fails on another thread than the one checking.
   */
  private static final AtomicReference<String> IN_FLIGHT = new AtomicReference<>();

  private HostileInputs(List<byte[]> samples, int largeBytes) {
    this.samples = samples;
    this.largeBytes = largeBytes;
  }

  /**
   * @param samples valid inputs to mutate; at least one
   * @return inputs derived from them, the large ones of {@link #DEFAULT_LARGE_BYTES}
   */
  public static HostileInputs of(List<byte[]> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("at least one valid sample is needed");
    }
    List<byte[]> copies = new ArrayList<>();
    samples.forEach(s -> copies.add(Objects.requireNonNull(s, "sample").clone()));
    return new HostileInputs(List.copyOf(copies), DEFAULT_LARGE_BYTES);
  }

  /**
   * @param bytes the size of the large kinds, e.g. just over a parser's limit
   * @return these inputs with that size
   */
  public HostileInputs largeBytes(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("the large size must be positive, got " + bytes);
    }
    return new HostileInputs(samples, bytes);
  }

  /**
   * @param kind what the input is made of
   * @param seed the seed; the same kind and seed make the same input
   * @return the input
   */
  public byte[] make(Kind kind, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] sample = samples.get(r.nextInt(samples.size()));
    return switch (kind) {
      case RANDOM_BYTES -> {
        byte[] b = new byte[r.nextInt(4097)];
        new Random(seed).nextBytes(b);
        yield b;
      }
      case RANDOM_SYNTAX -> randomSyntax(r);
      case SWAPPED -> utf8(swap(text(sample), r, 1 + r.nextInt(5)));
      case MUTATED -> mutate(sample, r);
      case TRUNCATED -> Arrays.copyOf(sample, r.nextInt(sample.length + 1));
      case LARGE_REPEATED -> repeat(utf8(swap(text(sample), r, r.nextInt(3))));
      case LARGE_NESTED -> nested(r);
      case LARGE_VALUE -> longValue(text(sample), r);
      case LARGE_LINES -> lines(text(sample), r);
    };
  }

  /**
   * Makes an input and checks it, remembering which input is being checked until the check returns
   * or throws: a test stopped by its timeout (a parser that loops, or is far too slow) reads {@link
   * #inFlight()} to say which kind and seed to make again.
   *
   * @param kind what the input is made of
   * @param seed the seed
   * @param check what to do with the input; its exceptions and assertion errors pass through
   */
  public void check(Kind kind, long seed, Consumer<byte[]> check) {
    byte[] input = make(kind, seed);
    String shown = kind + " seed " + seed + " (" + input.length + " bytes)";
    IN_FLIGHT.set(shown);
    try {
      check.accept(input);
    } finally {
      // Only a check that returns or throws clears it; one stopped by a timeout stays named.
      IN_FLIGHT.compareAndSet(shown, null);
    }
  }

  /**
   * {@return the input a {@link #check} began and did not finish, as {@code KIND seed N (B bytes)}:
   * the one a test was on when its timeout stopped it}
   */
  public static Optional<String> inFlight() {
    return Optional.ofNullable(IN_FLIGHT.get());
  }

  private static List<Kind> mostlySmall() {
    List<Kind> kinds = new ArrayList<>();
    for (Kind k : Kind.values()) {
      for (int i = k.large() ? 1 : 4; i > 0; i--) {
        kinds.add(k);
      }
    }
    return List.copyOf(kinds);
  }

  /**
   * The bytes the current thread allocates while the action runs: a bound on it catches a parser
   * whose work grows faster than its input (a quadratic scan, an alias expanded again and again)
   * long before it runs out of memory.
   *
   * @param action what to measure
   * @return the bytes allocated, or -1 when this JVM does not count them
   */
  public static long allocatedBy(Runnable action) {
    var threads = ManagementFactory.getThreadMXBean();
    if (!(threads instanceof com.sun.management.ThreadMXBean counting)
        || !counting.isThreadAllocatedMemorySupported()) {
      action.run();
      return -1;
    }
    long id = Thread.currentThread().getId();
    long before = counting.getThreadAllocatedBytes(id);
    action.run();
    return counting.getThreadAllocatedBytes(id) - before;
  }

  /**
   * Runs a parser on an input and checks that its work was in proportion to the input: at most
   * {@code bytesPerByte} bytes allocated for each byte of it, plus 64 MiB for what any call costs.
   * Work that grows faster than the input (a quadratic scan, an alias expanded again and again)
   * fails this long before it would run out of memory.
   *
   * @param input what the input was, for the message, e.g. its kind
   * @param size the input's size in bytes
   * @param bytesPerByte the bytes the parser may allocate per byte of input
   * @param parse the parser at work; any exception it throws is the caller's to judge
   * @throws AssertionError when it allocated more
   */
  public static void checkWork(String input, long size, long bytesPerByte, Runnable parse) {
    long allowed = bytesPerByte * size + (64L << 20);
    long allocated = allocatedBy(parse);
    if (allocated > allowed) {
      throw new AssertionError(
          "reading "
              + input
              + " of "
              + size
              + " bytes allocated "
              + allocated
              + " bytes, more than the "
              + allowed
              + " allowed");
    }
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] randomSyntax(SplittableRandom r) {
    String alphabet = "{}[]\"':,.-+0123456789eE \t\n\r#&*!|>?@%`\\/ntrufalsx\u00e9";
    int n = r.nextInt(4097);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(
          r.nextInt(16) == 0
              ? SWAPS.get(r.nextInt(SWAPS.size()))
              : String.valueOf(alphabet.charAt(r.nextInt(alphabet.length()))));
    }
    return utf8(b.toString());
  }

  private static String swap(String text, SplittableRandom r, int times) {
    String out = text;
    for (int i = 0; i < times; i++) {
      List<int[]> spans = scalars(out);
      if (spans.isEmpty()) {
        return out;
      }
      int[] s = spans.get(r.nextInt(spans.size()));
      out = out.substring(0, s[0]) + SWAPS.get(r.nextInt(SWAPS.size())) + out.substring(s[1]);
    }
    return out;
  }

  private static List<int[]> scalars(String text) {
    List<int[]> spans = new ArrayList<>();
    Matcher m = SCALAR.matcher(text);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    return spans;
  }

  private static byte[] mutate(byte[] sample, SplittableRandom r) {
    byte[] b = sample.clone();
    for (int times = 1 + r.nextInt(8); times > 0 && b.length > 0; times--) {
      int at = r.nextInt(b.length);
      int end = Math.min(b.length, at + 1 + r.nextInt(64));
      b =
          switch (r.nextInt(4)) {
            case 0 -> {
              b[at] ^= (byte) (1 << r.nextInt(8));
              yield b;
            }
            case 1 -> concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
            case 2 -> concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, b.length));
            default -> {
              byte[] noise = new byte[1 + r.nextInt(8)];
              for (int i = 0; i < noise.length; i++) {
                noise[i] = (byte) r.nextInt(256);
              }
              yield concat(
                  concat(Arrays.copyOf(b, at), noise), Arrays.copyOfRange(b, at, b.length));
            }
          };
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private byte[] repeat(byte[] unit) {
    if (unit.length == 0) {
      return unit;
    }
    byte[] out = new byte[largeBytes];
    for (int i = 0; i < out.length; i += unit.length) {
      System.arraycopy(unit, 0, out, i, Math.min(unit.length, out.length - i));
    }
    return out;
  }

  private byte[] nested(SplittableRandom r) {
    String[] openers = {"[", "{\"a\":", "- ", "a:\n ", "{a: ", "!!seq [", "&x ["};
    return repeat(utf8(openers[r.nextInt(openers.length)]));
  }

  private byte[] longValue(String text, SplittableRandom r) {
    List<int[]> spans = scalars(text);
    char[] filler = new char[largeBytes];
    Arrays.fill(filler, "a0\u00e9 ".charAt(r.nextInt(4)));
    String value = new String(filler);
    if (spans.isEmpty()) {
      return utf8(text + value);
    }
    int[] s = spans.get(r.nextInt(spans.size()));
    boolean quoted = text.charAt(s[0]) == '"';
    return utf8(
        text.substring(0, s[0]) + (quoted ? '"' + value + '"' : value) + text.substring(s[1]));
  }

  private byte[] lines(String text, SplittableRandom r) {
    List<String> own = text.lines().filter(l -> !l.isEmpty()).toList();
    String[] choices = {"{", "{\"a\":1,", "x", "- a", own.isEmpty() ? "y" : own.get(0)};
    String line = choices[r.nextInt(choices.length)];
    if (r.nextBoolean() && !own.isEmpty()) {
      line = own.get(r.nextInt(own.size()));
    }
    return repeat(utf8(line + "\n"));
  }
}
