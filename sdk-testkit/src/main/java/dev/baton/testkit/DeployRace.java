package dev.baton.testkit;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ImageTagScheme;
import dev.baton.OlderCommitException;
import dev.baton.OperationTimeoutException;
import dev.baton.PromotionPipeline;
import dev.baton.StaleWriteException;
import dev.baton.SupersededException;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.Progress;
import dev.baton.spi.StackDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Deploys racing from separate JVM processes to one target through a shared lease store and ledger:
 * what proves that coordination holds across processes, not just threads. A store's test starts
 * racers with {@link #start}, each deploying one commit of a linear history to {@code dev} through
 * a {@link PromotionPipeline} of its own; every racer appends the start and end of its deploy to a
 * shared log ({@link #intervals}) and prints how its run ended ({@link #outcome}).
 *
 * <p>The store comes from a {@link Factory} with a public no-argument constructor, instantiated in
 * each child process and given the test's configuration string (an endpoint, a JDBC URL).
 */
public final class DeployRace {
  /** The target every racer deploys. */
  public static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));

  private static final String RESULT = "RACE-RESULT ";

  private DeployRace() {}

  /** Opens the shared store and ledger in a racer process. */
  public interface Factory {
    /**
     * @param config the configuration string the test passed to {@link #start}
     * @return the shared lease store
     */
    LeaseStore leases(String config);

    /**
     * @param config the configuration string the test passed to {@link #start}
     * @return the shared ledger
     */
    DeploymentLedger ledger(String config);
  }

  /**
   * Makes a factory as each racer process makes it.
   *
   * @param type the factory's class
   * @return a new instance, made by its public no-argument constructor
   * @throws IllegalArgumentException when it has no such constructor or the constructor fails
   */
  public static Factory newFactory(Class<? extends Factory> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "cannot make race factory "
              + type.getName()
              + ": it needs a public no-argument constructor that succeeds",
          e);
    }
  }

  /**
   * Sends a signal to a racer process, as {@code kill -SIGNAL PID} does: {@code STOP} pauses it
   * (its lease then lapses while it holds it), {@code CONT} lets it go on, {@code KILL} ends it.
   *
   * @param racer the process
   * @param signal the signal's name without {@code SIG}
   * @throws IllegalStateException when {@code kill} fails or does not return within ten seconds
   */
  public static void signal(Process racer, String signal) {
    String command = "kill -" + signal + " " + racer.pid();
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(racer.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException(command + " did not return within 10 s");
      }
      if (kill.exitValue() != 0) {
        throw new IllegalStateException(command + " failed with exit code " + kill.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(command + " could not start", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(command + " was interrupted", e);
    }
  }

  /**
   * How one racer's run ended.
   *
   * @param commit the commit it deployed
   * @param result {@code DEPLOYED}, {@code SUPERSEDED}, {@code OLDER}, {@code STALE}, {@code
   *     TIMEOUT}, {@code ERROR}, or {@code NONE} when it printed nothing (killed)
   * @param detail the error's message, or empty
   */
  public record Outcome(CommitSha commit, String result, String detail) {}

  /**
   * One deploy as a racer's deployer ran it.
   *
   * @param commit the commit deployed
   * @param start when the deployer started
   * @param end when it returned; null when it never did
   */
  public record Interval(CommitSha commit, Instant start, Instant end) {}

  /**
   * @param n how many
   * @return a linear history of {@code n} commits, oldest first, the same in every process
   */
  public static List<CommitSha> history(int n) {
    List<CommitSha> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(CommitSha.parse(String.format("%040x", 0xc0ffeeL * 1000 + i)));
    }
    return out;
  }

  /**
   * Starts one racer.
   *
   * @param factory opens the shared store in the child
   * @param config passed to the factory
   * @param commits how many commits the linear history has
   * @param index which commit (0-based) this racer deploys
   * @param log the shared deploy log
   * @param ttl the lease time to live
   * @param deployMillis how long the racer's deploy takes; negative to hang for ever
   * @return the racer process
   */
  public static Process start(
      Class<? extends Factory> factory,
      String config,
      int commits,
      int index,
      Path log,
      Duration ttl,
      long deployMillis) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd =
        List.of(
            java,
            "-Xmx128m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            DeployRace.class.getName(),
            factory.getName(),
            config,
            Integer.toString(commits),
            Integer.toString(index),
            log.toString(),
            Long.toString(ttl.toMillis()),
            Long.toString(deployMillis));
    try {
      return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a racer", e);
    }
  }

  /**
   * Waits for a racer and reads how its run ended.
   *
   * @param racer a process from {@link #start}
   * @param commit the commit it deployed
   * @param timeout how long to wait for it
   * @return its outcome; {@code NONE} when it printed none
   * @throws IllegalStateException when it does not end in time (it is killed)
   */
  public static Outcome outcome(Process racer, CommitSha commit, Duration timeout) {
    try {
      if (!racer.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        racer.destroyForcibly();
        throw new IllegalStateException("racer for " + commit + " did not end in " + timeout);
      }
      String out = new String(racer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String line : out.split("\n")) {
        if (line.startsWith(RESULT)) {
          String[] parts = line.substring(RESULT.length()).split(" ", 2);
          return new Outcome(commit, parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
      return new Outcome(commit, "NONE", out.length() > 2000 ? out.substring(0, 2000) : out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * @param log the shared deploy log
   * @return every deploy the racers' deployers ran, in start order
   */
  public static List<Interval> intervals(Path log) {
    Map<String, Interval> byRacer = new HashMap<>();
    List<String> order = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log)) {
        String[] f = line.split(" ");
        if (f[0].equals("START")) {
          byRacer.put(f[1], new Interval(CommitSha.parse(f[2]), Instant.parse(f[3]), null));
          order.add(f[1]);
        } else if (f[0].equals("END")) {
          Interval i = byRacer.get(f[1]);
          byRacer.put(f[1], new Interval(i.commit(), i.start(), Instant.parse(f[3])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return order.stream().map(byRacer::get).toList();
  }

  /**
   * A racer: deploys its commit to {@link #DEV} and prints how it ended.
   *
   * @param args factory class, config, commit count, index, log, ttl millis, deploy millis
   * @throws Exception if the factory cannot be made
   */
  public static void main(String[] args) throws Exception {
    Factory factory = newFactory(Class.forName(args[0]).asSubclass(Factory.class));
    String config = args[1];
    List<CommitSha> line = history(Integer.parseInt(args[2]));
    CommitSha mine = line.get(Integer.parseInt(args[3]));
    Path log = Path.of(args[4]);
    Duration ttl = Duration.ofMillis(Long.parseLong(args[5]));
    long deployMillis = Long.parseLong(args[6]);

    TestPipeline t = TestPipeline.create();
    for (CommitSha c : line) {
      t.registry().pushImage(TestPipeline.REPOSITORY.withTag(ImageTagScheme.standard().tagFor(c)));
    }
    PromotionPipeline pipeline =
        t.builder()
            .leases(factory.leases(config))
            .ledger(factory.ledger(config))
            .commitHistory(new LinearHistory(line))
            .leaseTimeToLive(ttl)
            .leaseWait(Duration.ofMinutes(2))
            .leasePollInterval(Duration.ofMillis(100))
            .deployer(new Logged(t.deployer(), log, mine, deployMillis))
            .build();
    String result;
    try {
      pipeline.deploy(DEV, mine);
      result = "DEPLOYED";
    } catch (SupersededException e) {
      result = "SUPERSEDED " + e.getMessage();
    } catch (OlderCommitException e) {
      result = "OLDER " + e.getMessage();
    } catch (StaleWriteException e) {
      result = "STALE " + e.getMessage();
    } catch (OperationTimeoutException e) {
      result = "TIMEOUT " + e.getMessage();
    } catch (RuntimeException e) {
      result = "ERROR " + e;
    }
    System.out.println(RESULT + result.replace('\n', ' '));
    System.out.flush();
    System.exit(0);
  }

  /** A deployer that logs the start and end of each deploy, and takes its time. */
  private static final class Logged extends ForwardingStackDeployer {
    private final Path log;
    private final CommitSha commit;
    private final long millis;

    Logged(StackDeployer delegate, Path log, CommitSha commit, long millis) {
      super(delegate);
      this.log = log;
      this.commit = commit;
      this.millis = millis;
    }

    @Override
    public DeployResult deploy(DeployRequest request, Progress progress) {
      append("START");
      try {
        Thread.sleep(millis < 0 ? Long.MAX_VALUE : millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      DeployResult r = super.deploy(request, progress);
      append("END");
      return r;
    }

    private void append(String what) {
      String line =
          what + " " + ProcessHandle.current().pid() + " " + commit + " " + Instant.now() + "\n";
      try (FileChannel ch =
          FileChannel.open(
              log,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        FileLock lock = ch.lock();
        try {
          ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
