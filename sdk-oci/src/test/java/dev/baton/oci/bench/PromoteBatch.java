package dev.baton.oci.bench;

import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.TagWriter;
import dev.baton.oci.OciImageRegistry;
import dev.baton.oci.internal.HttpClients;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fresh JVM promoting one source to N tags, for the batch bench to time whole:
 *
 * <ul>
 *   <li>{@code new}: as {@code baton promote --batch} does, the source read once, then each tag
 *       written by a {@link TagWriter} (leases in memory): under the tag's lease, {@code HEAD} +
 *       {@code PUT} by {@code tag}, then {@code HEAD} of the tag to read it back;
 *   <li>{@code direct}: the source read once, then {@code tag} alone per tag ({@code HEAD} + {@code
 *       PUT}), the minimal sequence;
 *   <li>{@code old}: the path before this bench existed, every line resolving its source again
 *       ({@code GET} + {@code HEAD} + {@code PUT}) with every request over {@code java.net.http}.
 * </ul>
 *
 * <p>Arguments: {@code <new|direct|old> <registry host> <repository> <source tag> <tag prefix>
 * <count> <threads>}. Prints {@code created N} and then {@code cpu-ns <this JVM's CPU time>}.
 */
public final class PromoteBatch {
  private PromoteBatch() {}

  /**
   * @param args see the class comment
   * @throws Exception when a promotion fails
   */
  public static void main(String[] args) throws Exception {
    boolean old = args[0].equals("old");
    if (old) {
      System.setProperty(HttpClients.TRANSPORT_PROPERTY, HttpClients.JDK_ONLY);
    }
    ImageReference source = ImageReference.of(args[1], args[2]).withTag(Tag.parse(args[3]));
    String prefix = args[4];
    int count = Integer.parseInt(args[5]);
    int threads = Integer.parseInt(args[6]);
    int created = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (OciImageRegistry registry = OciImageRegistry.builder().build()) {
      TagWriter writer = args[0].equals("new") ? TagWriter.builder(registry).build() : null;
      ResolvedImage once = old ? null : registry.resolve(source).orElseThrow();
      List<Future<TagResult>> results = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        Tag tag = Tag.parse(prefix + i);
        results.add(
            pool.submit(
                () -> {
                  ResolvedImage image = old ? registry.resolve(source).orElseThrow() : once;
                  return writer == null
                      ? registry.tag(image, tag)
                      : writer.write(image, source.withTag(tag), TagPolicy.NO_CLOBBER, line -> {});
                }));
      }
      for (Future<TagResult> f : results) {
        if (f.get() == TagResult.CREATED) {
          created++;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    System.out.println("created " + created);
    System.out.println(
        "cpu-ns "
            + ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
  }
}
