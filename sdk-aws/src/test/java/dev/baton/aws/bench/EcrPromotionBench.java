package dev.baton.aws.bench;

import dev.baton.ImageReference;
import dev.baton.Tag;
import dev.baton.TagWriter;
import dev.baton.aws.EcrImageRegistry;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeAwsServer.Call;
import dev.baton.aws.fake.FakeEcr;
import dev.baton.aws.fake.TestImages;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Prints the ECR API calls each kind of promotion costs, counted at the in-test ECR endpoint, the
 * time of 300 promotions in one process with the default PutImage rate (10/s, ECR's quota) and with
 * the rate lifted (client overhead only), and the calls per promotion of a batch of 300 written
 * through {@link TagWriter} 8 at a time, as {@code baton promote --batch} writes them, at both
 * rates. The endpoint is local, so times measure this SDK and the AWS SDK's signing and HTTP, not
 * AWS.
 *
 * <pre>
 * ./mvnw -q -pl sdk-aws test-compile exec:exec
 * </pre>
 */
public final class EcrPromotionBench {
  private static final String REPO = "shop";
  private static final int PROMOTIONS = 300;

  private EcrPromotionBench() {}

  /**
   * @param args unused
   */
  public static void main(String[] args) {
    try (FakeEcr ecr = new FakeEcr();
        EcrClient client = AwsTestClients.ecr(ecr)) {
      ecr.createRepository(REPO, false);
      try (EcrImageRegistry registry = EcrImageRegistry.builder().client(client).build()) {
        System.out.println("operation                                   | ECR calls");
        count(
            ecr,
            "resolve + retag, single image (fresh)",
            () -> promote(registry, ecr, TestImages.ociImage(), true, "r1"));
        count(
            ecr,
            "retag only, bytes held from resolve",
            () -> retagHeld(registry, ecr, TestImages.ociImage(), "r2"));
        count(
            ecr,
            "retag, no bytes held (read by digest)",
            () -> {
              ResolvedImage image = seed(registry, ecr, TestImages.ociImage());
              ResolvedImage bare =
                  ResolvedImage.of(
                      image.reference(), image.digest(), image.mediaType(), image.platforms());
              ecr.clearCalls();
              return registry.tag(bare, Tag.parse("r3"));
            });
        count(
            ecr,
            "retag only, 2-platform index, bytes held",
            () -> retagHeld(registry, ecr, TestImages.ociIndex(), "r4"));
        count(
            ecr,
            "retag when the tag is already there",
            () -> {
              ResolvedImage image = seed(registry, ecr, TestImages.ociImage());
              registry.tag(image, Tag.parse("r5"));
              ecr.clearCalls();
              return registry.tag(image, Tag.parse("r5"));
            });
      }
      time(ecr, client, 100_000, PROMOTIONS, "a");
      time(ecr, client, EcrImageRegistry.DEFAULT_PUT_IMAGE_RATE, 100, "b");
      for (double rate : new double[] {100_000, EcrImageRegistry.DEFAULT_PUT_IMAGE_RATE}) {
        try (EcrImageRegistry registry =
            EcrImageRegistry.builder().client(client).putImageRate(rate).build()) {
          System.out.println(
              (rate >= 100_000 ? "PutImage unthrottled: " : "PutImage at " + rate + "/s: ")
                  + batch(registry, ecr, PROMOTIONS, 8, "c" + (int) rate + "-"));
        }
      }
    }
  }

  /**
   * What a batch cost: its size, its wall time, and the ECR calls it made.
   *
   * @param promotions the tags written
   * @param seconds the batch's wall time
   * @param putImages PutImage calls
   * @param batchGetImages BatchGetImage calls
   * @param imageIds image ids those calls asked for, in all
   * @param largest the most image ids one call asked for
   */
  public record Batch(
      int promotions,
      double seconds,
      int putImages,
      int batchGetImages,
      int imageIds,
      int largest) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "batch of %d promotions through TagWriter: %.2f s; %.2f ECR calls per promotion"
              + " (PutImage %.2f, BatchGetImage %.2f asking for %.2f image ids, at most %d in one"
              + " call)",
          promotions,
          seconds,
          (double) (putImages + batchGetImages) / promotions,
          (double) putImages / promotions,
          (double) batchGetImages / promotions,
          (double) imageIds / promotions,
          largest);
    }
  }

  /**
   * Promotes one pushed build to {@code promotions} new tags as {@code baton promote --batch} does:
   * the source resolved once, then each tag written by a {@link TagWriter}, {@code threads} at a
   * time; every tag must be created. The endpoint's calls are counted from the first write.
   *
   * @param registry the registry, with its PutImage rate
   * @param ecr the endpoint it talks to
   * @param promotions how many tags
   * @param threads how many at a time
   * @param prefix the tags' prefix, unique to this batch
   * @return what the batch cost
   */
  public static Batch batch(
      EcrImageRegistry registry, FakeEcr ecr, int promotions, int threads, String prefix) {
    ResolvedImage build = registry.resolve(pushBuild(ecr, TestImages.ociImage())).orElseThrow();
    TagWriter writer = TagWriter.builder(registry).build();
    ecr.clearCalls();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    try {
      List<Future<TagResult>> results = new ArrayList<>();
      for (int i = 0; i < promotions; i++) {
        ImageReference tag = build.reference().withoutDigest().withTag(Tag.parse(prefix + i));
        results.add(pool.submit(() -> writer.write(build, tag, TagPolicy.NO_CLOBBER, line -> {})));
      }
      for (Future<TagResult> r : results) {
        if (r.get(10, TimeUnit.MINUTES) != TagResult.CREATED) {
          throw new IllegalStateException("a tag of the batch was not created");
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the batch failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Call> lookups = ecr.calls("BatchGetImage");
    int[] ids = lookups.stream().mapToInt(c -> c.body().path("imageIds").size()).toArray();
    return new Batch(
        promotions,
        seconds,
        ecr.calls("PutImage").size(),
        lookups.size(),
        IntStream.of(ids).sum(),
        IntStream.of(ids).max().orElse(0));
  }

  /** Pushes {@code image} as CI would, tagged {@code sha-<digest prefix>}. */
  static ImageReference pushBuild(FakeEcr ecr, TestImages.Image image) {
    String tag = "sha-" + image.digest().encoded().substring(0, 12);
    ecr.push(REPO, tag, image);
    return ImageReference.parse(FakeEcr.HOST + "/" + REPO + ":" + tag);
  }

  private static ResolvedImage seed(
      EcrImageRegistry registry, FakeEcr ecr, TestImages.Image image) {
    return registry.resolve(pushBuild(ecr, image)).orElseThrow();
  }

  /** Tags a pushed build whose bytes are held from resolving it, counting only the tagging. */
  private static TagResult retagHeld(
      EcrImageRegistry registry, FakeEcr ecr, TestImages.Image image, String tag) {
    ResolvedImage held = seed(registry, ecr, image);
    ecr.clearCalls();
    return registry.tag(held, Tag.parse(tag));
  }

  private static TagResult promote(
      EcrImageRegistry registry,
      FakeEcr ecr,
      TestImages.Image image,
      boolean countResolve,
      String tag) {
    ImageReference build = pushBuild(ecr, image);
    ecr.clearCalls();
    ResolvedImage resolved = registry.resolve(build).orElseThrow();
    if (!countResolve) {
      ecr.clearCalls();
    }
    return registry.tag(resolved, Tag.parse(tag));
  }

  private static void count(FakeEcr ecr, String what, Supplier<TagResult> promotion) {
    TagResult result = promotion.get();
    List<Call> calls = ecr.calls();
    String ops = calls.stream().map(Call::operation).collect(Collectors.joining(" + "));
    System.out.printf(
        Locale.ROOT,
        "%-43s | %d (%s) -> %s%n",
        what,
        calls.size(),
        ops.isEmpty() ? "none" : ops,
        result);
  }

  private static void time(
      FakeEcr ecr, EcrClient client, double rate, int promotions, String prefix) {
    try (EcrImageRegistry registry =
        EcrImageRegistry.builder().client(client).putImageRate(rate).build()) {
      TestImages.Image[] images = new TestImages.Image[promotions];
      for (int i = 0; i < promotions; i++) {
        images[i] = TestImages.ociImage();
      }
      promote(registry, ecr, TestImages.ociImage(), true, prefix + "-warm-up");
      ecr.clearCalls();
      long start = System.nanoTime();
      for (int i = 0; i < promotions; i++) {
        promote(registry, ecr, images[i], true, prefix + i);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%d promotions (resolve + retag), PutImage rate %s: %.2f s," + " %.1f ms each%n",
          promotions,
          rate >= 100_000 ? "unlimited" : rate + "/s",
          seconds,
          seconds * 1000 / promotions);
    }
  }
}
