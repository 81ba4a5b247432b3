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
 * The "one process" side of the bench: a fresh JVM that promotes one image N times, each time as a
 * pipeline would (resolve the build tag, then tag it with a new release tag), and exits. Its whole
 * run, JVM start included, is what is compared with N {@code skopeo copy} processes.
 *
 * <p>Arguments: {@code <registry host> <repository> <source tag> <tag prefix> <count> <threads>}.
 * The first promotion runs alone, the rest on {@code threads} threads. The last line is {@code
 * created N}; the line before it gives the phases, in {@code System.nanoTime} stamps that the
 * parent (same machine, Linux's monotonic clock) compares with its own.
 */
public final class PromoteMany {
  private PromoteMany() {}

  /**
   * @param args see the class comment
   * @throws Exception when a promotion fails
   */
  public static void main(String[] args) throws Exception {
    long atMain = System.nanoTime();
    ImageReference source = ImageReference.of(args[0], args[1]).withTag(Tag.parse(args[2]));
    int count = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    int created = 0;
    long built;
    long firstDone;
    long restDone;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (OciImageRegistry registry = OciImageRegistry.builder().build()) {
      built = System.nanoTime();
      if (promote(registry, source, Tag.parse(args[3] + 1)) == TagResult.CREATED) {
        created++;
      }
      firstDone = System.nanoTime();
      List<Future<TagResult>> results = new ArrayList<>();
      for (int i = 2; i <= count; i++) {
        Tag tag = Tag.parse(args[3] + i);
        results.add(pool.submit(() -> promote(registry, source, tag)));
      }
      for (Future<TagResult> f : results) {
        if (f.get() == TagResult.CREATED) {
          created++;
        }
      }
      restDone = System.nanoTime();
    } finally {
      pool.shutdownNow();
    }
    long end = System.nanoTime();
    // Plain concatenation: printf would load the locale providers, about 20 ms, into the timing.
    System.out.println(
        "phases main="
            + atMain
            + " built="
            + built
            + " first="
            + firstDone
            + " rest="
            + restDone
            + " end="
            + end);
    System.out.println("created " + created);
  }

  private static TagResult promote(OciImageRegistry registry, ImageReference source, Tag tag) {
    ResolvedImage image = registry.resolve(source).orElseThrow();
    return registry.tag(image, tag);
  }
}
