package dev.baton.testkit.atmos;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The fake atmos's state directory, shared by the executable (one process per call) and the {@link
 * FakeAtmos} handle a test holds. Everything lives in plain files so that concurrent atmos
 * processes see one another, as they would see one Terraform backend:
 *
 * <pre>
 * config.properties        stacks, components, image variable, delays (written by FakeAtmos)
 * workspaces/WS.properties the "Terraform state" of one workspace: image, resources, serial
 * workspaces/WS.lock       the state lock, held during an apply or a destroy
 * initialized/KEY          "terraform init" has run for that working directory and component
 * script/NNN-COMMAND       scripted failures and hangs, consumed one by one
 * invocations.log          one line per call: working directory, arguments, relevant environment
 * events.log               apply/destroy start and end times, to check serialisation
 * hang.pids                process ids of hung calls and their children
 * </pre>
 */
final class FakeState {
  static final String CONFIG = "config.properties";

  private final Path root;

  FakeState(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  // ---- configuration -------------------------------------------------------------------------

  Properties config() {
    return readProperties(root.resolve(CONFIG)).orElseGet(Properties::new);
  }

  void writeConfig(Properties config) {
    writeProperties(root.resolve(CONFIG), config);
  }

  // ---- workspaces ----------------------------------------------------------------------------

  Optional<Properties> workspace(String workspace) {
    return readProperties(root.resolve("workspaces").resolve(workspace + ".properties"));
  }

  void writeWorkspace(String workspace, Properties state) {
    writeProperties(root.resolve("workspaces").resolve(workspace + ".properties"), state);
  }

  void deleteWorkspace(String workspace) {
    try {
      Files.deleteIfExists(root.resolve("workspaces").resolve(workspace + ".properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Takes the workspace's state lock; false when another process holds it. */
  boolean lock(String workspace, String operation) {
    Path lock = root.resolve("workspaces").resolve(workspace + ".lock");
    try {
      Files.createDirectories(lock.getParent());
      Files.writeString(
          lock,
          operation + " " + ProcessHandle.current().pid() + "\n",
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void unlock(String workspace) {
    try {
      Files.deleteIfExists(root.resolve("workspaces").resolve(workspace + ".lock"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- terraform init markers ----------------------------------------------------------------

  boolean initialized(String key) {
    return Files.exists(root.resolve("initialized").resolve(key));
  }

  void markInitialized(String key) {
    Path marker = root.resolve("initialized").resolve(key);
    try {
      Files.createDirectories(marker.getParent());
      Files.writeString(marker, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- scripted behaviour --------------------------------------------------------------------

  /** Queues a scripted action ("fail" or "hang") for the next call of {@code command}. */
  void script(String command, String action, String text) {
    Path dir = root.resolve("script");
    try {
      Files.createDirectories(dir);
      String name = String.format("%020d-%s", System.nanoTime(), command);
      Path tmp = dir.resolve(".tmp-" + name);
      Files.writeString(tmp, action + "\n" + text);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Takes the oldest scripted action for {@code command} (or for any command, queued as "any"); a
   * rename makes sure two concurrent calls never take the same one.
   */
  Optional<String[]> takeScript(String command) {
    Path dir = root.resolve("script");
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    TreeSet<Path> candidates = new TreeSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String n = p.getFileName().toString();
        if (!n.startsWith(".") && (n.endsWith("-" + command) || n.endsWith("-any"))) {
          candidates.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path p : candidates) {
      Path taken = dir.resolve(".taken-" + p.getFileName() + "-" + ProcessHandle.current().pid());
      try {
        Files.move(p, taken, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        continue;
      } catch (AtomicMoveNotSupportedException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try {
        String body = Files.readString(taken);
        Files.delete(taken);
        int nl = body.indexOf('\n');
        return Optional.of(new String[] {body.substring(0, nl), body.substring(nl + 1)});
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }

  // ---- logs ----------------------------------------------------------------------------------

  /** Appends one line to a log file under an inter-process file lock. */
  void append(String file, String line) {
    Path path = root.resolve(file);
    try (FileChannel ch =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      FileLock lock = ch.lock();
      try {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> lines(String file) {
    Path path = root.resolve(file);
    try {
      return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Encodes fields for one log line: tab-separated, each URL-encoded so no value can break it. */
  static String fields(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    return String.join("\t", out);
  }

  static List<String> parseFields(String line) {
    List<String> out = new ArrayList<>();
    for (String f : Arrays.asList(line.split("\t", -1))) {
      out.add(URLDecoder.decode(f, StandardCharsets.UTF_8));
    }
    return out;
  }

  // ---- files ---------------------------------------------------------------------------------

  private static Optional<Properties> readProperties(Path path) {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      return Optional.of(p);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes to a temporary file and renames it, so a reader never sees half a file. */
  private static void writeProperties(Path path, Properties p) {
    try {
      Files.createDirectories(path.getParent());
      Path tmp = Files.createTempFile(path.getParent(), ".tmp-", ".properties");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, null);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
