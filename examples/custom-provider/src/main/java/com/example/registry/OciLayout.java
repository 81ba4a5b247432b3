package com.example.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.Digest;
import dev.baton.ProviderException;
import dev.baton.Tag;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * One OCI image layout directory, as {@code skopeo copy ... oci:DIR:TAG}, {@code umoci} or {@code
 * docker buildx build --output type=oci,tar=false} write it:
 *
 * <pre>
 * DIR/oci-layout                 {"imageLayoutVersion": "1.0.0"}
 * DIR/index.json                 an image index; each tag is an entry annotated
 *                                org.opencontainers.image.ref.name: TAG
 * DIR/blobs/sha256/&lt;hex&gt;         content-addressed blobs: manifests, configs, layers
 * </pre>
 *
 * Blobs are checked against their digest whenever they are read. {@code index.json} is replaced
 * whole by an atomic rename, so a reader sees the old index or the new one, never half of one;
 * writers take a lock on {@code oci-layout}, which keeps them one at a time across processes too.
 */
final class OciLayout {
  /** The index's media type. */
  static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";

  /** The annotation that names a tag in {@code index.json}. */
  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAYOUT_FILE = "oci-layout";
  private static final String INDEX_FILE = "index.json";

  /** One monitor per layout directory, shared by every instance that writes it. */
  private static final ConcurrentMap<Path, Object> WRITERS = new ConcurrentHashMap<>();

  private final Path directory;

  /**
   * @param directory the layout's directory; it need not exist yet
   */
  OciLayout(Path directory) {
    this.directory = directory;
  }

  /** The layout's directory. */
  Path directory() {
    return directory;
  }

  /** Whether the directory holds a layout (an {@code index.json}). */
  boolean exists() {
    return Files.isRegularFile(directory.resolve(INDEX_FILE));
  }

  /**
   * Reads a blob and checks it against its digest.
   *
   * @param digest the blob's digest
   * @return its bytes; empty when the layout has no such blob
   * @throws ProviderException when the bytes on disk do not match the digest
   */
  Optional<byte[]> readBlob(Digest digest) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(blobPath(digest));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("cannot read blob " + digest, e);
    }
    if (!digest.matches(bytes)) {
      throw ProviderException.permanent(
          "OCI layout "
              + directory
              + ": blob "
              + digest
              + " does not match its digest; the layout is corrupt",
          "copy the image into the layout again",
          null);
    }
    return Optional.of(bytes);
  }

  /**
   * Writes a blob under its sha256 digest, creating the layout if needed. A blob already present is
   * left as it is: the same digest is the same bytes.
   *
   * @param bytes the content
   * @return its digest
   */
  Digest writeBlob(byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    createIfMissing();
    Path path = blobPath(digest);
    if (!Files.exists(path)) {
      try {
        Files.createDirectories(path.getParent());
        writeAtomically(path, bytes);
      } catch (IOException e) {
        throw failure("cannot write blob " + digest, e);
      }
    }
    return digest;
  }

  /**
   * The entry of {@code index.json} that names a tag.
   *
   * @param tag the tag
   * @return the entry (a descriptor: mediaType, digest, size, annotations...); empty when none
   */
  Optional<JsonNode> entry(Tag tag) {
    if (!exists()) {
      return Optional.empty();
    }
    return find(readIndex().withArray("manifests"), tag);
  }

  /**
   * @param entries the entries of an index
   * @param tag a tag
   * @return the first entry naming the tag
   */
  static Optional<JsonNode> find(ArrayNode entries, Tag tag) {
    for (JsonNode entry : entries) {
      if (names(entry, tag)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /**
   * @param entry an entry of an index
   * @param tag a tag
   * @return whether the entry's {@value #REF_NAME} annotation is the tag
   */
  static boolean names(JsonNode entry, Tag tag) {
    return tag.value().equals(entry.path("annotations").path(REF_NAME).asText(null));
  }

  /**
   * Points a tag at a manifest: replaces the entries naming the tag (a well-formed index has at
   * most one) by a descriptor of the manifest.
   *
   * @param entries the entries of an index
   * @param tag the tag
   * @param mediaType the manifest's media type
   * @param digest the manifest's digest
   * @param size the manifest's size in bytes
   */
  static void putTag(ArrayNode entries, Tag tag, String mediaType, Digest digest, long size) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (names(entries.get(i), tag)) {
        entries.remove(i);
      }
    }
    ObjectNode entry = entries.addObject();
    entry.put("mediaType", mediaType).put("digest", digest.toString()).put("size", size);
    entry.putObject("annotations").put(REF_NAME, tag.value());
  }

  /**
   * Changes {@code index.json} under the writers' lock: reads it, lets {@code change} edit its
   * entries, and writes it back atomically if {@code change} says so.
   *
   * @param change edits the entries; answers whether anything changed, and its result
   * @param <R> what {@code change} answers
   * @return what {@code change} answered
   */
  <R> R updateIndex(Function<ArrayNode, Update<R>> change) {
    createIfMissing();
    return underWriteLock(
        () -> {
          ObjectNode index = readIndex();
          Update<R> update = change.apply(index.withArray("manifests"));
          if (update.changed()) {
            writeAtomically(
                directory.resolve(INDEX_FILE),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
          }
          return update.result();
        });
  }

  /**
   * What an index change did.
   *
   * @param changed whether the entries were changed, so that the index must be written
   * @param result what to answer
   * @param <R> the answer's type
   */
  record Update<R>(boolean changed, R result) {}

  /**
   * Parses bytes as a JSON object.
   *
   * @param bytes what a blob holds
   * @return the object; empty when the bytes are not one (a layer, say)
   */
  static Optional<ObjectNode> parseObject(byte[] bytes) {
    try {
      return JSON.readTree(bytes) instanceof ObjectNode object
          ? Optional.of(object)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private ObjectNode readIndex() {
    try {
      if (JSON.readTree(directory.resolve(INDEX_FILE).toFile()) instanceof ObjectNode index) {
        return index;
      }
    } catch (JsonProcessingException e) {
      // reported below
    } catch (IOException e) {
      throw failure("cannot read " + INDEX_FILE, e);
    }
    throw ProviderException.permanent(
        "OCI layout " + directory + ": " + INDEX_FILE + " is not a JSON object",
        "check the layout with skopeo inspect oci:" + directory,
        null);
  }

  private void createIfMissing() {
    if (exists()) {
      return;
    }
    try {
      Files.createDirectories(directory.resolve("blobs").resolve("sha256"));
      Path layout = directory.resolve(LAYOUT_FILE);
      if (!Files.exists(layout)) {
        // Every writer writes the same bytes, so a race here is harmless.
        writeAtomically(
            layout, "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw failure("cannot create the layout", e);
    }
    underWriteLock(
        () -> {
          if (!exists()) {
            writeAtomically(
                directory.resolve(INDEX_FILE),
                ("{\"schemaVersion\": 2, \"mediaType\": \""
                        + INDEX_MEDIA_TYPE
                        + "\", \"manifests\": []}")
                    .getBytes(StandardCharsets.UTF_8));
          }
          return null;
        });
  }

  /**
   * Runs {@code action} as the layout's only writer: a lock on {@code oci-layout} excludes other
   * processes, and a monitor per directory other threads of this one (the JVM holds file locks for
   * the whole process, so it refuses a second lock of the same file).
   */
  private <R> R underWriteLock(IoAction<R> action) {
    synchronized (
        WRITERS.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new Object())) {
      try (FileChannel channel =
          FileChannel.open(directory.resolve(LAYOUT_FILE), StandardOpenOption.WRITE)) {
        channel.lock(); // released when the channel closes
        return action.run();
      } catch (IOException e) {
        throw failure("cannot update " + INDEX_FILE, e);
      }
    }
  }

  /** Work that may fail with an {@link IOException}. */
  @FunctionalInterface
  private interface IoAction<R> {
    R run() throws IOException;
  }

  private Path blobPath(Digest digest) {
    return directory.resolve("blobs").resolve(digest.algorithm()).resolve(digest.encoded());
  }

  /**
   * Writes a file next to its final name, then renames it over: readers never see a partial file.
   */
  private static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      // A rename within one directory is atomic on local file systems.
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private ProviderException failure(String what, IOException cause) {
    return ProviderException.retryable(
        "OCI layout " + directory + ": " + what + ": " + cause,
        "check that the directory exists and is writable",
        cause);
  }

  @Override
  public String toString() {
    return "OciLayout[" + directory + "]";
  }
}
