package dev.baton.atmos.internal;

import dev.baton.ConfigurationException;
import dev.baton.OperationCancelledException;
import dev.baton.OperationTimeoutException;
import dev.baton.ProviderException;
import dev.baton.internal.redact.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command as a child process: an argument vector (never a shell), an environment built
 * from the parent's with values set and removed, stdin closed at once (so a prompt gets end of
 * input instead of hanging), stdout and stderr read line by line on two threads, each line
 * ANSI-stripped and redacted before anyone sees it, captured up to a byte cap, and the whole
 * process tree stopped when the deadline passes.
 *
 * <p>This is the only place in the module that reads the environment of the running JVM.
 */
public final class ProcessRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);

  /** Longest line kept; the rest of a longer line is dropped, so one line cannot exhaust memory. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** How long to wait for the output readers once the process has exited. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private ProcessRunner() {}

  /** Which stream a line came from. */
  public enum Stream {
    /** The child's standard output. */
    STDOUT,
    /** The child's standard error. */
    STDERR
  }

  /** Receives each line (already stripped and redacted) as it is read. Calls never overlap. */
  @FunctionalInterface
  public interface LineListener {
    /**
     * @param stream where the line came from
     * @param line the line, without terminator
     */
    void line(Stream stream, String line);
  }

  /**
   * What to run.
   *
   * @param command the argument vector; element 0 is the program
   * @param directory the working directory, or null for the JVM's
   * @param set variables to set (values are passed as they are, never through a shell)
   * @param unset inherited variables to remove
   * @param timeout how long the process may run
   * @param grace how long it gets to exit after SIGTERM before SIGKILL
   * @param captureLimit the most bytes of output kept in the result; later lines are still streamed
   *     to the listener
   * @param tailLines how many of the last lines to keep for error messages
   * @param redactor masks secrets in every line, and in {@code description}
   * @param description what this is, for messages, e.g. "atmos terraform deploy app -s dev"
   */
  public record Spec(
      List<String> command,
      Path directory,
      Map<String, String> set,
      Set<String> unset,
      Duration timeout,
      Duration grace,
      long captureLimit,
      int tailLines,
      Redactor redactor,
      String description) {
    /**
     * Copies and checks the values.
     *
     * @param command the argument vector; element 0 is the program
     * @param directory the working directory, or null for the JVM's
     * @param set variables to set (values are passed as they are, never through a shell)
     * @param unset inherited variables to remove
     * @param timeout how long the process may run
     * @param grace how long it gets to exit after SIGTERM before SIGKILL
     * @param captureLimit the most bytes of output kept in the result; later lines are still
     *     streamed to the listener
     * @param tailLines how many of the last lines to keep for error messages
     * @param redactor masks secrets in every line, and in {@code description}
     * @param description what this is, for messages, e.g. "atmos terraform deploy app -s dev"
     */
    public Spec {
      command = List.copyOf(command);
      set = Map.copyOf(set);
      unset = Set.copyOf(unset);
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(grace, "grace");
      Objects.requireNonNull(redactor, "redactor");
      Objects.requireNonNull(description, "description");
    }

    /**
     * Another run of the same program with the same settings.
     *
     * @param command the argument vector of this run
     * @param variables variables set on top of this spec's
     * @param description what this run is, for messages
     * @return the spec of that run
     */
    public Spec call(List<String> command, Map<String, String> variables, String description) {
      Map<String, String> all = new LinkedHashMap<>(set);
      all.putAll(variables);
      return new Spec(
          command,
          directory,
          all,
          unset,
          timeout,
          grace,
          captureLimit,
          tailLines,
          redactor,
          description);
    }

    /**
     * {@return what runs and the names of the variables it sets, never their values: they carry the
     * deployer's secrets}
     */
    @Override
    public String toString() {
      return "ProcessRunner.Spec["
          + redactor.redact(description)
          + ", sets "
          + new TreeSet<>(set.keySet())
          + "]";
    }
  }

  /**
   * How the process ended.
   *
   * @param exitCode its exit status
   * @param stdout captured stdout lines, up to the cap
   * @param stderr captured stderr lines, up to the cap
   * @param tail the last lines of both streams, in the order they were read
   * @param truncated whether lines were left out of {@code stdout} or {@code stderr}
   */
  public record Result(
      int exitCode,
      List<String> stdout,
      List<String> stderr,
      List<String> tail,
      boolean truncated) {
    /**
     * Copies the lists.
     *
     * @param exitCode its exit status
     * @param stdout captured stdout lines, up to the cap
     * @param stderr captured stderr lines, up to the cap
     * @param tail the last lines of both streams, in the order they were read
     * @param truncated whether lines were left out of {@code stdout} or {@code stderr}
     */
    public Result {
      stdout = List.copyOf(stdout);
      stderr = List.copyOf(stderr);
      tail = List.copyOf(tail);
    }
  }

  /**
   * Runs the command to its end.
   *
   * @param spec what to run
   * @param listener receives each line as it is read
   * @return the exit status and captured output
   * @throws ConfigurationException if the program cannot be started
   * @throws OperationTimeoutException if it did not finish in time (the tree has been stopped)
   * @throws ProviderException if the calling thread was interrupted (the tree has been stopped and
   *     the interrupt flag restored)
   */
  public static Result run(Spec spec, LineListener listener) {
    ProcessBuilder pb = new ProcessBuilder(spec.command());
    if (spec.directory() != null) {
      pb.directory(spec.directory().toFile());
    }
    Map<String, String> env = pb.environment();
    spec.unset().forEach(env::remove);
    env.putAll(spec.set());
    Redactor redactor = spec.redactor().withCredentialsFrom(env);
    String description = redactor.redact(spec.description());

    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot run \""
              + redactor.redact(spec.command().get(0))
              + "\" in "
              + (spec.directory() == null ? "the current directory" : spec.directory())
              + ": "
              + redactor.redact(String.valueOf(e.getMessage())),
          "install atmos, or point AtmosStackDeployer.builder().binary(...) at it, and check the"
              + " working directory",
          e);
    }
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      LOG.debug("closing stdin of {} failed", description, e);
    }
    Capture capture = new Capture(spec.captureLimit(), spec.tailLines(), listener);
    Thread out = pump(process.getInputStream(), Stream.STDOUT, capture, redactor, process.pid());
    Thread err = pump(process.getErrorStream(), Stream.STDERR, capture, redactor, process.pid());

    boolean finished;
    try {
      finished = process.waitFor(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      String stopped = ProcessTree.stop(process.toHandle(), spec.grace());
      throw OperationCancelledException.interrupted(description, stopped, e);
    }
    if (!finished) {
      String stopped = ProcessTree.stop(process.toHandle(), spec.grace());
      join(out);
      join(err);
      List<String> tail = capture.result(-1).tail();
      throw new OperationTimeoutException(
          description
              + " did not finish in time; "
              + stopped
              + (tail.isEmpty() ? "" : "\n--- last output ---\n" + String.join("\n", tail)),
          FailureHints.TIMEOUT,
          spec.timeout(),
          null);
    }
    join(out);
    join(err);
    return capture.result(process.exitValue());
  }

  private static void join(Thread t) {
    try {
      t.join(DRAIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      // A grandchild still holds the pipe open; what it writes later is not waited for.
      LOG.debug("{} still open after the process exited; not waiting for it", t.getName());
    }
  }

  private static Thread pump(
      InputStream in, Stream stream, Capture capture, Redactor redactor, long pid) {
    Thread t =
        new Thread(
            () -> {
              try (LineSplitter lines = new LineSplitter(in, MAX_LINE_BYTES)) {
                String line;
                while ((line = lines.next()) != null) {
                  capture.add(stream, redactor.redact(Ansi.strip(line)));
                }
              } catch (IOException e) {
                LOG.debug("reading {} of pid {} failed", stream, pid, e);
              }
            },
            "atmos-" + pid + "-" + stream.name().toLowerCase(java.util.Locale.ROOT));
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Collects lines from both reader threads. */
  private static final class Capture {
    private final long limit;
    private final int tailLines;
    private final LineListener listener;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private long bytes;
    private boolean truncated;
    private boolean listenerFailed;

    Capture(long limit, int tailLines, LineListener listener) {
      this.limit = limit;
      this.tailLines = tailLines;
      this.listener = listener;
    }

    synchronized void add(Stream stream, String line) {
      bytes += line.length() + 1;
      if (bytes <= limit) {
        (stream == Stream.STDOUT ? stdout : stderr).add(line);
      } else {
        truncated = true;
      }
      if (tailLines > 0) {
        if (tail.size() == tailLines) {
          tail.removeFirst();
        }
        tail.addLast(line);
      }
      try {
        listener.line(stream, line);
      } catch (RuntimeException e) {
        if (!listenerFailed) {
          listenerFailed = true;
          LOG.warn("an output listener threw; it must not, and its errors are ignored", e);
        }
      }
    }

    synchronized Result result(int exitCode) {
      return new Result(exitCode, stdout, stderr, new ArrayList<>(tail), truncated);
    }
  }
}
