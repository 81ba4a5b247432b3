package dev.baton.testkit;

import dev.baton.BatonException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.Platform;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A working in-memory {@link ImageRegistry}: repositories of tags pointing at manifests held as
 * exact bytes. Seed it with {@link #pushImage}/{@link #pushIndex}, script failures with {@link
 * #failNext}, and read what happened with {@link #tagWrites()} (tags written) and {@link
 * #tagCalls()} (every {@code tag} call, a tag found already on the digest included). Safe for
 * concurrent use.
 *
 * <pre>{@code
 * FakeImageRegistry registry = new FakeImageRegistry();
 * ResolvedImage build = registry.pushImage(ImageReference.parse("registry.test/shop:sha-" + sha));
 * }</pre>
 */
public final class FakeImageRegistry implements ImageRegistry {
  /**
   * One recorded {@code tag} call that did not fail.
   *
   * @param reference the tag
   * @param digest what it names after the call
   * @param result what happened: {@link TagResult#ALREADY_PRESENT} when nothing was written
   */
  public record TagWrite(ImageReference reference, Digest digest, TagResult result) {}

  private record Manifest(String mediaType, byte[] bytes, List<Platform> platforms) {}

  private final Map<String, Map<Tag, Digest>> tags = new HashMap<>();
  private final Map<String, Map<Digest, Manifest>> manifests = new HashMap<>();
  private final List<TagWrite> calls = new ArrayList<>();
  private final Failures failures = new Failures();
  private final AtomicLong counter = new AtomicLong();
  private int resolveCalls;

  /** An empty registry. */
  public FakeImageRegistry() {}

  /**
   * Pushes a new single-platform image, with content unique to this call, under the reference's tag
   * (moving the tag if it existed: this is how a rebuild looks).
   *
   * @param reference repository and tag
   * @return the image as {@link #resolve} gives it
   */
  public ResolvedImage pushImage(ImageReference reference) {
    String json =
        "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \""
            + "application/vnd.oci.image.manifest.v1+json\",\n   \"annotations\": {\"n\": \""
            + counter.incrementAndGet()
            + "\"}\n}";
    return push(reference, "application/vnd.oci.image.manifest.v1+json", json, List.of());
  }

  /**
   * Pushes a new two-platform index (linux/amd64, linux/arm64) under the reference's tag.
   *
   * @param reference repository and tag
   * @return the index as {@link #resolve} gives it
   */
  public ResolvedImage pushIndex(ImageReference reference) {
    String json =
        "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \""
            + "application/vnd.oci.image.index.v1+json\",\n   \"manifests\": [],\n   \"annotations\":"
            + " {\"n\": \""
            + counter.incrementAndGet()
            + "\"}\n}";
    return push(
        reference,
        "application/vnd.oci.image.index.v1+json",
        json,
        List.of(Platform.of("linux", "amd64"), Platform.of("linux", "arm64")));
  }

  /**
   * Pushes a new index as {@code docker buildx build --push} writes it with provenance on:
   * linux/amd64 and linux/arm64, each with an attestation entry (platform {@code unknown/unknown},
   * annotation {@code vnd.docker.reference.type: attestation-manifest}). Its platforms are read
   * from the index as the real providers read them, so the attestations are not among them.
   *
   * @param reference repository and tag
   * @return the index as {@link #resolve} gives it
   */
  public ResolvedImage pushIndexWithAttestations(ImageReference reference) {
    long n = counter.incrementAndGet();
    StringBuilder entries = new StringBuilder();
    for (String arch : List.of("amd64", "arm64")) {
      entries.append(entries.length() == 0 ? "" : ",").append(entry("linux", arch, n, ""));
    }
    for (String arch : List.of("amd64", "arm64")) {
      entries
          .append(',')
          .append(
              entry(
                  "unknown",
                  "unknown",
                  n,
                  ", \"annotations\": {\"vnd.docker.reference.digest\": \""
                      + child("linux", arch, n)
                      + "\", \"vnd.docker.reference.type\": \"attestation-manifest\"}"));
    }
    String json =
        "{\n   \"schemaVersion\": 2,\n   \"mediaType\": \""
            + "application/vnd.oci.image.index.v1+json\",\n   \"manifests\": ["
            + entries
            + "\n   ]\n}";
    return push(
        reference,
        "application/vnd.oci.image.index.v1+json",
        json,
        dev.baton.internal.Manifest.parse(json).platforms());
  }

  private static String entry(String os, String arch, long n, String annotations) {
    return "\n      {\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \""
        + child(os, arch, n)
        + "\", \"size\": 1, \"platform\": {\"architecture\": \""
        + arch
        + "\", \"os\": \""
        + os
        + "\"}"
        + annotations
        + "}";
  }

  /** A stand-in digest for an index entry (the fake keeps no child manifests). */
  private static Digest child(String os, String arch, long n) {
    return Digest.sha256((os + "/" + arch + "/" + n).getBytes(StandardCharsets.UTF_8));
  }

  private synchronized ResolvedImage push(
      ImageReference reference, String mediaType, String json, List<Platform> platforms) {
    Tag tag =
        reference
            .tag()
            .orElseThrow(() -> new IllegalArgumentException("push needs a tag: " + reference));
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    Digest digest = Digest.sha256(bytes);
    String repo = key(reference);
    manifests
        .computeIfAbsent(repo, r -> new HashMap<>())
        .put(digest, new Manifest(mediaType, bytes, platforms));
    tags.computeIfAbsent(repo, r -> new HashMap<>()).put(tag, digest);
    return ResolvedImage.of(reference.withoutDigest(), digest, mediaType, platforms)
        .withManifest(bytes);
  }

  /**
   * The next call to this registry throws {@code failure} instead of doing its work.
   *
   * @param failure what to throw
   * @return this
   */
  public FakeImageRegistry failNext(BatonException failure) {
    failures.add(failure);
    return this;
  }

  /**
   * {@return every tag written so far, in order: created or moved; a call that found the tag
   * already on the digest wrote nothing and is only in {@link #tagCalls()}}
   */
  public synchronized List<TagWrite> tagWrites() {
    return calls.stream().filter(w -> w.result() != TagResult.ALREADY_PRESENT).toList();
  }

  /**
   * {@return every {@code tag} call that did not fail, in order, {@link TagResult#ALREADY_PRESENT}
   * ones included (a conflict or a scripted failure is not recorded)}
   */
  public synchronized List<TagWrite> tagCalls() {
    return List.copyOf(calls);
  }

  /** {@return how many times {@link #resolve} was called} */
  public synchronized int resolveCalls() {
    return resolveCalls;
  }

  /**
   * @param reference a repository and tag
   * @return the digest the tag names now
   */
  public synchronized Optional<Digest> digestOf(ImageReference reference) {
    return Optional.ofNullable(
        tags.getOrDefault(key(reference), Map.of()).get(reference.tag().orElseThrow()));
  }

  @Override
  public synchronized Optional<ResolvedImage> resolve(ImageReference reference) {
    resolveCalls++;
    failures.throwIfScripted();
    String repo = key(reference);
    Digest digest = reference.digest().orElse(null);
    if (reference.tag().isPresent()) {
      Digest tagged = tags.getOrDefault(repo, Map.of()).get(reference.tag().get());
      if (tagged == null || (digest != null && !digest.equals(tagged))) {
        return Optional.empty();
      }
      digest = tagged;
    }
    if (digest == null) {
      throw new IllegalArgumentException("reference " + reference + " has neither tag nor digest");
    }
    Manifest m = manifests.getOrDefault(repo, Map.of()).get(digest);
    if (m == null) {
      return Optional.empty();
    }
    return Optional.of(
        ResolvedImage.of(reference, digest, m.mediaType(), m.platforms()).withManifest(m.bytes()));
  }

  @Override
  public synchronized TagResult tag(ResolvedImage image, Tag tag, TagPolicy policy) {
    failures.throwIfScripted();
    String repo = key(image.reference());
    if (!manifests.getOrDefault(repo, Map.of()).containsKey(image.digest())) {
      throw new IllegalArgumentException("image " + image + " is not in this registry");
    }
    Map<Tag, Digest> repoTags = tags.computeIfAbsent(repo, r -> new HashMap<>());
    Digest existing = repoTags.get(tag);
    ImageReference target = image.reference().withoutDigest().withTag(tag);
    TagResult result;
    if (existing == null) {
      result = TagResult.CREATED;
    } else if (existing.equals(image.digest())) {
      result = TagResult.ALREADY_PRESENT;
    } else if (policy == TagPolicy.NO_CLOBBER) {
      throw new TagConflictException(target, existing, image.digest());
    } else {
      result = TagResult.MOVED;
    }
    repoTags.put(tag, image.digest());
    calls.add(new TagWrite(target, image.digest(), result));
    return result;
  }

  private static String key(ImageReference r) {
    return r.registry() + "/" + r.repository();
  }

  @Override
  public synchronized String toString() {
    return "FakeImageRegistry" + tags;
  }
}
