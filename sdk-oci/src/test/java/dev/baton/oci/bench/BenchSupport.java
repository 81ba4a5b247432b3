package dev.baton.oci.bench;

import dev.baton.oci.internal.RegistryApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the registry benches share: this process's CPU time, the load average, medians, and the
 * reference every bench compares with, the minimal request sequence of a batch replayed by one
 * {@code curl} process over one keep-alive connection.
 */
final class BenchSupport {
  private BenchSupport() {}

  /** Wall time and CPU time of one measured run. */
  record Measured(long wallNanos, long cpuNanos) {
    double wallMs() {
      return wallNanos / 1e6;
    }

    double cpuMs() {
      return cpuNanos / 1e6;
    }
  }

  /**
   * @return the CPU time of this JVM so far, every thread (JIT and GC included)
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * @param run what to measure
   * @return its wall time and this process's CPU time spent meanwhile
   */
  static Measured measure(Runnable run) {
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    run.run();
    long wall = System.nanoTime() - t0;
    return new Measured(wall, processCpuNanos() - cpu0);
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * @param values times, in any order; left as they are
   * @return the median (the upper one of an even count)
   */
  static long median(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  /**
   * @param runs measured runs
   * @return the run of median wall time
   */
  static Measured median(List<Measured> runs) {
    Measured[] sorted = runs.toArray(Measured[]::new);
    Arrays.sort(sorted, (a, b) -> Long.compare(a.wallNanos(), b.wallNanos()));
    long[] cpu = runs.stream().mapToLong(Measured::cpuNanos).sorted().toArray();
    return new Measured(sorted[sorted.length / 2].wallNanos(), cpu[cpu.length / 2]);
  }

  /**
   * A curl config file that sends a batch's minimal requests: one {@code GET} of the source
   * manifest, then {@code HEAD} and {@code PUT} of the same bytes for each of {@code n} tags,
   * printing each status on its own line.
   *
   * @param dir where to write it and the manifest
   * @param host {@code 127.0.0.1:port}
   * @param repository the repository
   * @param sourceTag the source's tag
   * @param tags the tags to write
   * @param mediaType the manifest's media type
   * @param manifest its bytes
   * @return the config file
   */
  static Path curlConfig(
      Path dir,
      String host,
      String repository,
      String sourceTag,
      List<String> tags,
      String mediaType,
      byte[] manifest) {
    try {
      Path body = Files.write(Files.createTempFile(dir, "manifest-", ".json"), manifest);
      String base = "http://" + host + "/v2/" + repository + "/manifests/";
      StringBuilder cfg = new StringBuilder();
      String out = "output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\"\n";
      cfg.append("url = \"")
          .append(base)
          .append(sourceTag)
          .append("\"\nheader = \"Accept: ")
          .append(RegistryApi.ACCEPT)
          .append("\"\n")
          .append(out);
      for (String tag : tags) {
        cfg.append("next\nurl = \"")
            .append(base)
            .append(tag)
            .append("\"\nhead\nheader = \"Accept: ")
            .append(RegistryApi.ACCEPT)
            .append("\"\n")
            .append(out);
        cfg.append("next\nurl = \"")
            .append(base)
            .append(tag)
            .append("\"\nrequest = \"PUT\"\nheader = \"Content-Type: ")
            .append(mediaType)
            .append("\"\ndata-binary = \"@")
            .append(body)
            .append("\"\n")
            .append(out);
      }
      return Files.writeString(Files.createTempFile(dir, "replay-", ".curl"), cfg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs one curl process over a config from {@link #curlConfig}, checks that every PUT answered
   * 201, and returns its wall time and its own CPU time (user + system, from the shell's {@code
   * times} once curl has exited).
   *
   * @param config the config file
   * @param tags how many tags it writes
   * @return the run
   */
  static Measured curl(Path config, int tags) {
    return timed(
        List.of("curl", "-s", "--http1.1", "-K", config.toString()),
        Duration.ofMinutes(2),
        out -> out.lines().filter(l -> l.equals("201")).count() == tags);
  }

  /**
   * Runs a command under bash, whose {@code times} then gives the child's CPU time.
   *
   * @param command the command and its arguments
   * @param limit how long it may run
   * @param succeeded whether its output (stdout and stderr) shows it did its work
   * @return its wall time and its own CPU time (user + system)
   * @throws IllegalStateException when it runs out of time, exits non-zero or {@code succeeded}
   *     refuses its output, with the command and the tail of its output
   */
  static Measured timed(List<String> command, Duration limit, Predicate<String> succeeded) {
    List<String> all = new ArrayList<>(List.of("bash", "-c", "\"$@\" 2>&1 && times", "run"));
    all.addAll(command);
    try {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)
          || p.exitValue() != 0
          || !succeeded.test(out)) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + tail(out));
      }
      long wall = System.nanoTime() - t0;
      // times: the shell's user and system time, then its children's (the command's).
      List<String> lines = out.lines().toList();
      String[] children = lines.get(lines.size() - 1).trim().split("\\s+");
      return new Measured(wall, seconds(children[0]) + seconds(children[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(String out) {
    return out.length() < 4000 ? out : out.substring(out.length() - 4000);
  }

  /** {@code 0m0.123s} in nanoseconds. */
  static long seconds(String times) {
    int m = times.indexOf('m');
    double s =
        Integer.parseInt(times.substring(0, m)) * 60.0
            + Double.parseDouble(times.substring(m + 1, times.length() - 1));
    return (long) (s * 1e9);
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
