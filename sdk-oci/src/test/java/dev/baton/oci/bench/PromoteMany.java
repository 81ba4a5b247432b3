package dev.baton.oci.bench;

import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.oci.OciImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The "one process" side of the bench: a fresh JVM that promotes one image N times, each time as
 * a pipeline would (resolve the build tag, then tag it with a new release tag), and exits. Its
 * whole run, JVM start included, is what is compared with N {@code skopeo copy} processes.
 *
 * <p>Arguments: {@code <registry host> <repository> <source tag> <tag prefix> <count> <threads>}.
 */
public final class PromoteMany {
  private PromoteMany() {}

  /**
   * @param args see the class comment
   * @throws Exception when a promotion fails
   */
  public static void main(String[] args) throws Exception {
    ImageReference source = ImageReference.of(args[0], args[1]).withTag(Tag.parse(args[2]));
    int count = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    int created = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (OciImageRegistry registry = OciImageRegistry.builder().build()) {
      List<Future<TagResult>> results = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        Tag tag = Tag.parse(args[3] + i);
        results.add(pool.submit(() -> {
          ResolvedImage image = registry.resolve(source).orElseThrow();
          return registry.tag(image, tag);
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
  }
}
