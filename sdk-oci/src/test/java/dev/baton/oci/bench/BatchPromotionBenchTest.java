package dev.baton.oci.bench;

import static dev.baton.oci.bench.BenchSupport.fmt;

import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.oci.bench.BenchSupport.Measured;
import dev.baton.oci.internal.RegistryApi;
import dev.baton.oci.support.ImagePusher;
import dev.baton.oci.support.ImagePusher.Pushed;
import dev.baton.oci.support.ImagePusher.Style;
import dev.baton.oci.support.LocalRegistry;
import dev.baton.oci.support.Skopeo;
import dev.baton.oci.support.Tools;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison in one run: a promotion batch of N tags from one source (N = 300 and
 * 3,000) by Baton, against the minimal replay of the same requests by one keep-alive {@code curl}
 * (one {@code GET}, then {@code HEAD} + {@code PUT} per tag: 2N+1 requests), against N {@code
 * skopeo copy} runs, and Baton before this bench (every line resolving its source again, every
 * request over {@code java.net.http}) against Baton now. Everything against Debian's {@code
 * docker-registry} on 127.0.0.1 (storage on tmpfs), every Baton run a fresh JVM timed whole (JVM
 * start and exit included), CPU time being the child process's own (user + system, read by the
 * shell's {@code times} once it has exited). Each row is the median of {@code bench.rounds} runs,
 * the rows of a round run in turn so that the machine's load falls on all alike.
 *
 * <p>Rows, each for N tags:
 *
 * <ul>
 *   <li>{@code replay}: the reference, {@code curl -K} with a config of 2N+1 requests.
 *   <li>{@code Baton SDK}: {@link PromoteBatch} {@code new} (as the command: a tag writer per tag),
 *       and {@code direct} (HEAD + PUT per tag only), concurrency {@code bench.concurrency}
 *       (default 8, the command's default), default JVM flags; {@code + flags}: the same with
 *       {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} and an AppCDS archive made by a first run
 *       with {@code -XX:ArchiveClassesAtExit}.
 *   <li>{@code baton.jar}: {@code java -jar baton.jar promote --batch FILE}, when {@code
 *       bench.batonJar} (default {@code ../baton-cli/target/baton.jar}) exists; with and without
 *       the flags.
 *   <li>with {@code -Dbench.sweep=1,2,4,8,16}: the SDK with the flags at each of these
 *       concurrencies, to choose the command's default.
 *   <li>{@code before}: {@link PromoteBatch} {@code old}, concurrency 4, default JVM flags: what
 *       {@code promote --batch} did before.
 *   <li>{@code skopeo}: {@code skopeo copy} one after the other; at N over 300, a sample of 300 is
 *       timed and scaled to N, and the row says so.
 * </ul>
 *
 * <p>A tag of every Baton run is read back and must name the source digest. Runs only when asked:
 *
 * <pre>
 * ./mvnw -o -q -pl baton-cli -am package -DskipTests      # for the baton.jar rows; optional
 * ./mvnw -o -q -pl sdk-oci -am test -Dbaton.bench=true -Dtest=BatchPromotionBenchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.sizes=300,3000] [-Dbench.rounds=3]
 * </pre>
 */
@EnabledIfSystemProperty(named = "baton.bench", matches = "true")
class BatchPromotionBenchTest {
  private static final String REPO = "bench/batch";
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
  private static final int SKOPEO_SAMPLE = 300;

  /** How long one timed process may run. */
  private static final Duration LIMIT = Duration.ofMinutes(10);

  /** {@code -Dbench.sweep=1,2,4,8,16}: more rows, the SDK at each of these concurrencies. */
  private static final List<Integer> SWEEP =
      Arrays.stream(System.getProperty("bench.sweep", "").split(","))
          .map(String::strip)
          .filter(v -> !v.isEmpty())
          .map(Integer::valueOf)
          .toList();

  private static final String LAUNCHER_ROW = "bin/baton promote --batch (launcher)";

  private static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @TempDir Path dir;

  private LocalRegistry registry;
  private Pushed pushed;
  private String javaCommand;
  private Path archive;
  private int seq;
  private String classPath;

  @Test
  void batch() throws Exception {
    List<Integer> sizes =
        Arrays.stream(System.getProperty("bench.sizes", "300,3000").split(","))
            .map(String::strip)
            .map(Integer::valueOf)
            .toList();
    Path jar = Path.of(System.getProperty("bench.batonJar", "../baton-cli/target/baton.jar"));
    boolean withJar = Files.isRegularFile(jar);
    boolean withSkopeo = Tools.find("skopeo").isPresent() && !Boolean.getBoolean("bench.noSkopeo");
    javaCommand = ProcessHandle.current().info().command().orElse("java");
    classPath = jarredClassPath();
    try (LocalRegistry r = LocalRegistry.anonymous()) {
      registry = r;
      ImageReference source = ImageReference.of(r.host(), REPO).withTag(Tag.parse("sha-1"));
      pushed = ImagePusher.anonymous(r.host()).pushImage(source, Style.OCI, 3);
      archive = dir.resolve("baton-sdk.jsa");
      sdk("new", "archive-", 50, CONCURRENCY, List.of("-XX:ArchiveClassesAtExit=" + archive));
      Path jarArchive = dir.resolve("baton-jar.jsa");
      List<String> plainJar = List.of(javaCommand, "-jar", jar.toAbsolutePath().toString());
      List<String> launcher = launcher(jar, dir.resolve("cds"));
      if (withJar) {
        batonJar(
            List.of(
                javaCommand,
                "-XX:ArchiveClassesAtExit=" + jarArchive,
                "-jar",
                jar.toAbsolutePath().toString()),
            "archive-jar-",
            50);
        // The launcher's first run on this machine dumps its archive; later runs use it.
        batonJar(launcher, "archive-launcher-", 50);
      }
      StringBuilder table = new StringBuilder();
      table.append(
          fmt(
              "%nPromotion batch of N tags from one source, docker-registry 2.8 on 127.0.0.1;"
                  + " median of %d rounds; wall = whole process; CPU = the process's user +"
                  + " system; concurrency %d; load average before %s%n",
              ROUNDS, CONCURRENCY, BenchSupport.loadAverage()));
      table.append(
          fmt(
              "%-48s %6s %9s %9s %10s %10s%n",
              "run", "N", "wall ms", "CPU ms", "CPU ms/p", "wall/replay"));
      for (int n : sizes) {
        Map<String, Supplier<Measured>> rows = new LinkedHashMap<>();
        rows.put("replay: curl -K, 2N+1 requests, 1 connection", () -> replay(n));
        rows.put(
            "Baton SDK, fresh JVM (PromoteBatch new)",
            () -> sdk("new", next(), n, CONCURRENCY, List.of()));
        rows.put(
            "Baton SDK, HEAD + PUT only (PromoteBatch direct)",
            () -> sdk("direct", next(), n, CONCURRENCY, List.of()));
        rows.put(
            "Baton SDK + flags + AppCDS",
            () -> sdk("new", next(), n, CONCURRENCY, withArchive(archive)));
        if (withJar) {
          rows.put("baton.jar promote --batch", () -> batonJar(plainJar, next(), n));
          List<String> tunedJar = new ArrayList<>(List.of(javaCommand));
          tunedJar.addAll(withArchive(jarArchive));
          tunedJar.addAll(plainJar.subList(1, plainJar.size()));
          rows.put(
              "baton.jar promote --batch + flags + AppCDS", () -> batonJar(tunedJar, next(), n));
          rows.put(LAUNCHER_ROW, () -> batonJar(launcher, next(), n));
        }
        rows.put(
            "before: resolve per line, java.net.http", () -> sdk("old", next(), n, 4, List.of()));
        for (int c : SWEEP) {
          rows.put(
              "Baton SDK + flags + AppCDS, concurrency " + c,
              () -> sdk("new", next(), n, c, withArchive(archive)));
        }
        Map<String, List<Measured>> runs = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
          rows.forEach(
              (name, run) -> runs.computeIfAbsent(name, k -> new ArrayList<>()).add(run.get()));
        }
        Measured ref = BenchSupport.median(runs.get(rows.keySet().iterator().next()));
        Map<String, Measured> medians = new LinkedHashMap<>();
        runs.forEach((name, list) -> medians.put(name, BenchSupport.median(list)));
        medians.forEach((name, m) -> table.append(row(name, n, m, ref)));
        Measured skopeo = null;
        if (withSkopeo) {
          int sample = Math.min(n, SKOPEO_SAMPLE);
          Measured s = skopeo(next(), sample);
          skopeo = new Measured(s.wallNanos() * n / sample, s.cpuNanos() < 0 ? -1 : s.cpuNanos());
          table.append(
              row(
                  "skopeo copy x N, sequential"
                      + (sample < n ? " (" + sample + " timed, x" + (n / sample) + ")" : ""),
                  n,
                  skopeo,
                  ref));
        }
        Measured after = medians.get("Baton SDK, fresh JVM (PromoteBatch new)");
        Measured before = medians.get("before: resolve per line, java.net.http");
        table.append(
            fmt(
                "  N = %d: Baton SDK / replay = %.2fx wall (%.2fx with flags + AppCDS)%s;"
                    + " CPU per promotion before / after = %.1fx (%.1fx with flags + AppCDS)%s%n",
                n,
                ratio(after, ref),
                ratio(medians.get("Baton SDK + flags + AppCDS"), ref),
                withJar
                    ? fmt(
                        "; baton.jar / replay = %.2fx (%.2fx with flags + AppCDS);"
                            + " bin/baton / replay = %.2fx",
                        ratio(medians.get("baton.jar promote --batch"), ref),
                        ratio(medians.get("baton.jar promote --batch + flags + AppCDS"), ref),
                        ratio(medians.get(LAUNCHER_ROW), ref))
                    : "",
                (double) before.cpuNanos() / after.cpuNanos(),
                (double) before.cpuNanos() / medians.get("Baton SDK + flags + AppCDS").cpuNanos(),
                skopeo == null
                    ? ""
                    : fmt(
                        "; skopeo / Baton SDK = %.1fx wall%s",
                        (double) skopeo.wallNanos() / after.wallNanos(),
                        withJar
                            ? fmt(
                                ", skopeo / bin/baton = %.1fx",
                                (double) skopeo.wallNanos() / medians.get(LAUNCHER_ROW).wallNanos())
                            : "")));
      }
      table.append(fmt("  load average after %s%n", BenchSupport.loadAverage()));
      System.out.print(table);
    }
  }

  /**
   * Start-up of {@code baton.jar}, each variant run in turn, median of 7: {@code --version} whole,
   * and from process start to the first byte of a {@code promote}'s first request at a socket of
   * this JVM (the process is then killed). Variants: JDK defaults; {@code -XX:TieredStopAtLevel=1
   * -XX:+UseSerialGC}; an AppCDS archive dumped at the exit of a {@code --version} run; one dumped
   * at the exit of a {@code promote} run; both flags and the latter archive; the {@code bin/baton}
   * launcher once its first run made its archive.
   */
  @Test
  void startup() throws Exception {
    Path jar = Path.of(System.getProperty("bench.batonJar", "../baton-cli/target/baton.jar"));
    if (!Files.isRegularFile(jar)) {
      System.out.println("no " + jar + ": build it with ./mvnw -o -q -pl baton-cli -am package");
      return;
    }
    javaCommand = ProcessHandle.current().info().command().orElse("java");
    String jarPath = jar.toAbsolutePath().toString();
    Path versionArchive = dir.resolve("version.jsa");
    Path promoteArchive = dir.resolve("promote.jsa");
    timedVersion(javaJar(jarPath, List.of("-XX:ArchiveClassesAtExit=" + versionArchive)));
    firstRequest(javaJar(jarPath, List.of("-XX:ArchiveClassesAtExit=" + promoteArchive)), false);
    // The launcher's first run (a promote, as a user's first would be) dumps its own archive.
    List<String> launcher = launcher(jar, dir.resolve("cds"));
    firstRequest(launcher, false);
    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("java -jar baton.jar (JDK defaults)", javaJar(jarPath, List.of()));
    variants.put("+ -XX:TieredStopAtLevel=1 -XX:+UseSerialGC", javaJar(jarPath, FLAGS));
    variants.put(
        "+ AppCDS archive of a --version run",
        javaJar(jarPath, List.of("-XX:SharedArchiveFile=" + versionArchive)));
    variants.put(
        "+ AppCDS archive of a promote run",
        javaJar(jarPath, List.of("-XX:SharedArchiveFile=" + promoteArchive)));
    variants.put(
        "+ flags + AppCDS archive of a promote run", javaJar(jarPath, withArchive(promoteArchive)));
    variants.put("bin/baton (launcher, its archive made)", launcher);
    Map<String, long[]> version = new LinkedHashMap<>();
    Map<String, long[]> first = new LinkedHashMap<>();
    int runs = 7;
    for (int i = 0; i < runs; i++) {
      for (Map.Entry<String, List<String>> v : variants.entrySet()) {
        version.computeIfAbsent(v.getKey(), k -> new long[runs])[i] = timedVersion(v.getValue());
        first.computeIfAbsent(v.getKey(), k -> new long[runs])[i] =
            firstRequest(v.getValue(), true);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        fmt(
            "%nbaton.jar start-up, median of %d, load average %s%n%-46s %14s %16s%n",
            runs, BenchSupport.loadAverage(), "variant", "--version ms", "first request ms"));
    for (String name : variants.keySet()) {
      out.append(
          fmt(
              "%-46s %14d %16d%n",
              name,
              BenchSupport.median(version.get(name)) / 1_000_000,
              BenchSupport.median(first.get(name)) / 1_000_000));
    }
    System.out.print(out);
  }

  /** {@code java FLAGS -jar JAR}. */
  private List<String> javaJar(String jar, List<String> flags) {
    List<String> cmd = new ArrayList<>(List.of(javaCommand));
    cmd.addAll(flags);
    cmd.addAll(List.of("-jar", jar));
    return cmd;
  }

  private long timedVersion(List<String> command) throws Exception {
    List<String> cmd = new ArrayList<>(command);
    cmd.add("--version");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("baton ")) {
      throw new IllegalStateException("baton --version failed: " + out);
    }
    return System.nanoTime() - t0;
  }

  /**
   * From process start to the first byte of {@code promote}'s first request arriving here; the
   * process is then killed (or, when {@code kill} is false, answered with a closed connection and
   * let run to its end, so that an archive dumped at exit is written).
   */
  private long firstRequest(List<String> command, boolean kill) throws Exception {
    try (java.net.ServerSocket server =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      server.setSoTimeout(60_000);
      List<String> cmd = new ArrayList<>(command);
      cmd.addAll(
          List.of("promote", "127.0.0.1:" + server.getLocalPort() + "/bench/startup:sha-1", "t1"));
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long took;
      try (java.net.Socket s = server.accept()) {
        s.getInputStream().read();
        took = System.nanoTime() - t0;
        if (kill) {
          // The launcher's JVM is its child: SIGKILL to the shell would leave it running.
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        } else {
          s.getOutputStream()
              .write(
                  "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
        }
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return took;
    }
  }

  private String next() {
    return "b" + ++seq + "-";
  }

  private static double ratio(Measured m, Measured ref) {
    return (double) m.wallNanos() / ref.wallNanos();
  }

  private static List<String> withArchive(Path archive) {
    List<String> flags = new ArrayList<>(FLAGS);
    if (Files.isRegularFile(archive)) {
      flags.add("-XX:SharedArchiveFile=" + archive);
    }
    return flags;
  }

  private static String row(String name, int n, Measured m, Measured ref) {
    return fmt(
        "%-48s %6d %9.0f %9s %10s %9.2fx%n",
        name,
        n,
        m.wallMs(),
        m.cpuNanos() < 0 ? "-" : fmt("%.0f", m.cpuMs()),
        m.cpuNanos() < 0 ? "-" : fmt("%.3f", m.cpuMs() / n),
        (double) m.wallNanos() / ref.wallNanos());
  }

  private List<String> tags(String prefix, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
  }

  private Measured replay(int n) {
    List<String> tags = tags(next(), n);
    Path cfg =
        BenchSupport.curlConfig(
            dir, registry.host(), REPO, "sha-1", tags, pushed.mediaType(), pushed.manifest());
    return BenchSupport.curl(cfg, n);
  }

  /** {@link PromoteBatch} in a fresh JVM, timed whole. */
  private Measured sdk(String mode, String prefix, int n, int threads, List<String> flags) {
    List<String> cmd = new ArrayList<>(List.of(javaCommand));
    cmd.addAll(flags);
    cmd.addAll(
        List.of(
            "-cp",
            classPath,
            PromoteBatch.class.getName(),
            mode,
            registry.host(),
            REPO,
            "sha-1",
            prefix,
            String.valueOf(n),
            String.valueOf(threads)));
    Measured m = BenchSupport.timed(cmd, LIMIT, out -> out.contains("created " + n));
    check(prefix + 1);
    check(prefix + n);
    return m;
  }

  /** This JVM's class path with every directory made a jar: an AppCDS archive takes jars only. */
  private String jarredClassPath() throws IOException, InterruptedException {
    String jarTool = Path.of(System.getProperty("java.home"), "bin", "jar").toString();
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        entries.add(entry);
        continue;
      }
      Path jar = dir.resolve("classes-" + ++i + ".jar");
      Process j =
          new ProcessBuilder(jarTool, "cf", jar.toString(), "-C", p.toString(), ".")
              .redirectErrorStream(true)
              .start();
      String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (j.waitFor() != 0) {
        throw new IllegalStateException("jar cf " + p + " failed: " + out);
      }
      entries.add(jar.toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * The {@code bin/baton} launcher of {@code baton-cli} on {@code jar}, keeping its class-data
   * archive in {@code cds}, run with this JVM's JDK.
   */
  private static List<String> launcher(Path jar, Path cds) {
    return List.of(
        "env",
        "BATON_JAR=" + jar.toAbsolutePath(),
        "BATON_CDS_DIR=" + cds,
        "JAVA_HOME=" + System.getProperty("java.home"),
        jar.toAbsolutePath().getParent().resolveSibling("bin").resolve("baton").toString());
  }

  /**
   * {@code promote --batch} in a fresh process, timed whole: {@code command} is {@code java [flags]
   * -jar baton.jar} or the {@code bin/baton} launcher.
   */
  private Measured batonJar(List<String> command, String prefix, int n) {
    try {
      StringBuilder lines = new StringBuilder();
      for (String tag : tags(prefix, n)) {
        lines.append(registry.host()).append('/').append(REPO).append(":sha-1 ").append(tag);
        lines.append('\n');
      }
      Path batch = Files.writeString(dir.resolve(prefix + "batch.txt"), lines);
      List<String> cmd = new ArrayList<>(command);
      cmd.addAll(
          List.of(
              "promote",
              "--batch",
              batch.toString(),
              "--concurrency",
              String.valueOf(CONCURRENCY)));
      Measured m = BenchSupport.timed(cmd, LIMIT, out -> out.contains(n + " promoted, 0 failed"));
      check(prefix + 1);
      check(prefix + n);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code skopeo copy} of the source to {@code n} tags, one after the other. */
  private Measured skopeo(String prefix, int n) {
    Skopeo skopeo = Skopeo.require();
    String src = registry.host() + "/" + REPO + ":sha-1";
    long t0 = System.nanoTime();
    for (String tag : tags(prefix, n)) {
      skopeo.copy(src, registry.host() + "/" + REPO + ":" + tag);
    }
    Measured m = new Measured(System.nanoTime() - t0, -1);
    check(prefix + n);
    return m;
  }

  /** Reads a tag back: it must name the source's digest. */
  private void check(String tag) {
    try {
      URI uri = URI.create("http://" + registry.host() + "/v2/" + REPO + "/manifests/" + tag);
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
      c.setRequestProperty("Accept", RegistryApi.ACCEPT);
      byte[] body;
      try (InputStream in = c.getInputStream()) {
        body = in.readAllBytes();
      }
      if (!Digest.sha256(body).equals(pushed.digest())) {
        throw new IllegalStateException(tag + " does not name " + pushed.digest());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
