package dev.baton.aws.internal;

import dev.baton.Digest;
import dev.baton.internal.Descriptor;
import dev.baton.spi.Platform;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Which digests an ECS task may report ({@code containers[].imageDigest}) while running the
 * promoted image. The promoted digest always counts. For an image index the ECS agent may report
 * the digest of the platform manifest it pulled instead, so an index entry counts too when its
 * platform is the task's: same OS and CPU architecture (ECS reports no variant). The task's
 * architecture is its {@code ecs.cpu-architecture} attribute ({@code x86_64} or {@code arm64},
 * "Attribute" and "Task" in the ECS API reference); its OS is Windows when its platform family says
 * so, Linux otherwise. A task that reports no architecture is matched on the promoted digest only.
 * Attestation entries never count. Not safe for concurrent use: one instance per verification.
 */
public final class PromotedImage {
  /** The task attribute naming the CPU architecture the task runs on. */
  public static final String ARCHITECTURE_ATTRIBUTE = "ecs.cpu-architecture";

  private final Digest digest;
  private final Supplier<List<Descriptor>> loadEntries;
  private List<Descriptor> entries;

  /**
   * @param digest the promoted digest
   * @param entries loads the entries of the promoted index (empty for a single manifest or when
   *     they are unknown); called at most once, and only when a task reports another digest
   */
  public PromotedImage(Digest digest, Supplier<List<Descriptor>> entries) {
    this.digest = Objects.requireNonNull(digest, "digest");
    this.loadEntries = Objects.requireNonNull(entries, "entries");
  }

  /**
   * @param digest the promoted digest
   * @return an image whose digest alone counts
   */
  public static PromotedImage exactly(Digest digest) {
    return new PromotedImage(digest, List::of);
  }

  /** {@return the promoted digest} */
  public Digest digest() {
    return digest;
  }

  /**
   * @param task the task, as DescribeTasks returned it
   * @param reported a digest one of its containers reports
   * @return whether that digest is the promoted image, or its entry for the task's platform
   */
  public boolean runs(Task task, String reported) {
    if (digest.toString().equals(reported)) {
      return true;
    }
    Optional<Platform> platform = platformOf(task);
    if (platform.isEmpty()) {
      return false;
    }
    for (Descriptor entry : entries()) {
      if (!entry.isAttestation()
          && entry.digest().toString().equals(reported)
          && entry.platform().filter(p -> samePlatform(p, platform.get())).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private List<Descriptor> entries() {
    if (entries == null) {
      entries = List.copyOf(loadEntries.get());
    }
    return entries;
  }

  private static boolean samePlatform(Platform entry, Platform task) {
    return entry.os().equals(task.os()) && entry.architecture().equals(task.architecture());
  }

  /**
   * @param task a task
   * @return its platform in OCI terms ({@code linux/amd64}, {@code linux/arm64}), without variant;
   *     empty when the task reports no architecture
   */
  static Optional<Platform> platformOf(Task task) {
    Optional<String> architecture =
        task.attributes().stream()
            .filter(a -> ARCHITECTURE_ATTRIBUTE.equals(a.name()))
            .map(Attribute::value)
            .filter(v -> v != null && !v.isBlank())
            .findFirst()
            .map(v -> v.toLowerCase(Locale.ROOT))
            .map(v -> v.equals("x86_64") ? "amd64" : v.equals("aarch64") ? "arm64" : v);
    String family = task.platformFamily() == null ? "" : task.platformFamily();
    String os = family.toLowerCase(Locale.ROOT).contains("windows") ? "windows" : "linux";
    return architecture.map(a -> Platform.of(os, a));
  }
}
