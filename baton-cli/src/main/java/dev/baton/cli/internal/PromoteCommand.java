package dev.baton.cli.internal;

import dev.baton.BatonException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.OperationCancelledException;
import dev.baton.Tag;
import dev.baton.TagWriter;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton promote}: a registry-side retag of an existing image, through ECR's API for ECR
 * hosts and the OCI distribution API otherwise. No layer moves, an index stays whole, and a tag
 * already on the digest is success.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    header = "retag an image in its registry (no pull, no push), one or a batch",
    customSynopsis = {
      "baton promote [--allow-move] [--plain-http] SOURCE TAG",
      "       baton promote [--allow-move] [--plain-http] [--concurrency=N]",
      "                     [--timeout=DURATION] --batch=FILE"
    },
    description = {
      "Points TAG, in SOURCE's repository, at the image SOURCE names (by tag or digest),"
          + " registry-side: the manifest is copied byte for byte, a multi-platform index"
          + " stays whole, and no layer is pulled or pushed. ECR registries"
          + " (*.dkr.ecr.*.amazonaws.com) are reached through ECR's API with the default AWS"
          + " credentials, PutImage paced at BATON_ECR_PUT_IMAGE_RATE calls a second (ECR's"
          + " quota, 10 unless AWS raised it); others through the OCI distribution API, with"
          + " BATON_REGISTRY_USERNAME and BATON_REGISTRY_PASSWORD when set. A registry on"
          + " this machine (localhost, 127.0.0.1, [::1]) is reached over plain http://; any"
          + " other over https://, unless --plain-http.",
      "",
      "A TAG that already points at the digest is success; one that points elsewhere is a"
          + " conflict and stays unchanged, unless --allow-move. The digest is the last line"
          + " printed.",
      "",
      "With --batch, FILE holds one 'SOURCE TAG' per line ('#' starts a comment); all are"
          + " promoted in one process, a few at a time, printing 'TAG DIGEST' for each. Each"
          + " distinct SOURCE is read once, so every tag the batch gives it names the same"
          + " digest. A failure does not stop the others. FILE is UTF-8 (a byte-order mark is allowed) of"
          + " at most 1 MiB; a file that gives one tag two different sources is refused before"
          + " anything is promoted. The whole batch gets --timeout (default 30m): what has not"
          + " finished by then is stopped and reported as failed."
    },
    parameterListHeading = "%nArguments:%n",
    optionListHeading = "%nOptions:%n",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every promotion succeeded",
      "1:any failed, or a tag would move without --allow-move",
      "2:bad usage"
    })
final class PromoteCommand extends CliCommand {
  /**
   * Concurrent promotions in a batch, unless {@code --concurrency} says otherwise. Chosen from
   * {@code BatchPromotionBenchTest}'s sweep (sdk-oci) against a registry on two cores: 1,000 tags
   * took 4.3 s at 1, 3.2 s at 2, 2.9 s at 4, 2.4 s at 8 and 2.6 s at 16, with the same CPU per
   * promotion. Each promotion is a check then a write on a connection of its own; with several at
   * once, the check of one tag goes out while the write of another is under way, which is what
   * pipelining them on one connection would give, without HTTP/1.1 pipelining's head-of-line
   * blocking (and neither JDK client pipelines).
   */
  static final int DEFAULT_CONCURRENCY = 8;

  static final int MAX_CONCURRENCY = 16;

  /** The time a whole batch may take, unless {@code --timeout} says otherwise. */
  static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofMinutes(30);

  /** How long promotions stopped at the batch's deadline get to unwind. */
  private static final Duration UNWIND = Duration.ofSeconds(5);

  /** The largest batch file read: 1 MiB, far more than any release needs. */
  static final int MAX_BATCH_BYTES = 1 << 20;

  private static final String BYTE_ORDER_MARK = "\uFEFF";

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SOURCE",
      description = "the image to promote, named by tag or by digest")
  String source;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TAG",
      description = "the tag to point at it, in SOURCE's repository, e.g. 1.2.0")
  String tag;

  @Option(names = "--allow-move", description = "move TAG when it points at another digest")
  boolean allowMove;

  @Option(
      names = "--plain-http",
      description =
          "reach SOURCE's registry over plain http:// although it is not on this machine, e.g."
              + " registry.internal:5000 on a network you trust (credentials travel"
              + " unencrypted); not needed for localhost, 127.0.0.1 or [::1], which always use"
              + " http://; refused for ECR")
  boolean plainHttp;

  @Option(names = "--batch", paramLabel = "FILE", description = "promote every line of FILE")
  String batch;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      converter = Converters.Concurrency.class,
      description =
          "promotions at once in a batch, 1 to "
              + MAX_CONCURRENCY
              + " (default: "
              + DEFAULT_CONCURRENCY
              + ")")
  Integer concurrency;

  @Mixin ConfigOption config = new ConfigOption();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Converters.Timeout.class,
      description =
          "the time the whole batch may take, e.g. 90s, 30m or 2h (default: 30m); promotions"
              + " not finished by then are stopped and count as failed")
  Duration timeout;

  PromoteCommand(Context ctx) {
    super(ctx);
  }

  @Override
  Integer call(Owned owned) {
    TagPolicy policy = allowMove ? TagPolicy.ALLOW_MOVE : TagPolicy.NO_CLOBBER;
    List<Request> requests;
    if (batch != null) {
      if (source != null) {
        throw usage(
            "unexpected argument \""
                + source
                + "\": --batch takes its SOURCE TAG"
                + " lines from FILE");
      }
      requests = readBatch(ctx.resolve(batch));
    } else {
      if (concurrency != null) {
        throw usage("--concurrency goes with --batch only");
      }
      if (timeout != null) {
        throw usage("--timeout goes with --batch only");
      }
      if (source == null) {
        throw usage("missing argument SOURCE");
      }
      if (tag == null) {
        throw usage("missing argument TAG");
      }
      requests = List.of(request("SOURCE", source, "TAG", tag));
    }
    CoordinationSettings settings = config.load(ctx).coordination();
    LeaseStore leases = ctx.providers().coordination(settings, ctx, owned).leases();
    Promoter promoter =
        new Promoter(
            repo ->
                ctx.providers()
                    .registry(repo, Providers.RegistryAccess.from(plainHttp, ctx.env()), owned),
            registry ->
                TagWriter.builder(registry)
                    .leases(leases)
                    .leaseTimeToLive(settings.leaseTimeToLive())
                    .leaseWait(settings.leaseWait())
                    .build(),
            policy);
    if (batch == null) {
      Request r = requests.get(0);
      Promoted p = promoter.promote(r);
      ctx.err().println(describe(r, p));
      ctx.out().println(p.digest());
      return 0;
    }
    return batch(
        requests,
        promoter,
        concurrency == null ? DEFAULT_CONCURRENCY : concurrency,
        timeout == null ? DEFAULT_BATCH_TIMEOUT : timeout,
        ctx);
  }

  private static int batch(
      List<Request> requests, Promoter promoter, int concurrency, Duration timeout, Context ctx) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(concurrency, Math.max(1, requests.size())),
            r -> {
              Thread t = new Thread(r, "baton-promote");
              t.setDaemon(true);
              return t;
            });
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      List<Future<Promoted>> futures = new ArrayList<>();
      for (Request r : requests) {
        futures.add(pool.submit(() -> promoter.promote(r)));
      }
      int failed = 0;
      int unfinished = 0;
      for (int i = 0; i < requests.size(); i++) {
        Request r = requests.get(i);
        try {
          Promoted p =
              futures.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          ctx.err().println(describe(r, p));
          ctx.out().println(r.tag() + " " + p.digest());
          continue;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (unfinished == 0 || !(cause instanceof OperationCancelledException)) {
            failed++;
            String hint =
                cause instanceof BatonException b && !b.hint().isEmpty()
                    ? " (hint: " + b.hint() + ")"
                    : "";
            ctx.err()
                .println(
                    ctx.redact(
                        "FAILED "
                            + r.source()
                            + " -> "
                            + r.tag()
                            + ": "
                            + cause.getMessage()
                            + hint));
            continue;
          }
        } catch (TimeoutException e) {
          if (unfinished == 0) {
            pool.shutdownNow(); // interrupts what runs; what has not started never will
          }
        } catch (InterruptedException e) {
          throw OperationCancelledException.interrupted(
              "promoting " + r.source() + " -> " + r.tag(), e);
        }
        failed++;
        unfinished++;
        ctx.err()
            .println(
                "FAILED "
                    + r.source()
                    + " -> "
                    + r.tag()
                    + ": not finished within the batch's time limit of "
                    + DurationText.format(timeout)
                    + " (hint: run the batch again, as what was promoted is kept, or give"
                    + " --timeout more time)");
      }
      ctx.err()
          .printf(
              Locale.ROOT,
              "%d promoted, %d failed%s%n",
              requests.size() - failed,
              failed,
              unfinished == 0
                  ? ""
                  : " ("
                      + unfinished
                      + " not finished within "
                      + DurationText.format(timeout)
                      + ")");
      return failed == 0 ? 0 : 1;
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(UNWIND.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String describe(Request r, Promoted p) {
    String what =
        switch (p.result()) {
          case CREATED -> "created";
          case ALREADY_PRESENT -> "already there";
          case MOVED -> "moved";
        };
    return what + ": " + r.source().repositoryOnly().withTag(r.tag()) + " -> " + p.digest();
  }

  private List<Request> readBatch(Path file) {
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BATCH_BYTES + 1);
      if (bytes.length > MAX_BATCH_BYTES) {
        throw usage(
            "--batch: "
                + file
                + " is larger than "
                + MAX_BATCH_BYTES
                + " bytes (1 MiB), the limit for a batch file; split it into several batches");
      }
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (IOException e) {
      throw usage("--batch: cannot read " + file + " as UTF-8 text: " + e);
    }
    if (text.startsWith(BYTE_ORDER_MARK)) {
      text = text.substring(BYTE_ORDER_MARK.length());
    }
    List<String> rows = text.lines().toList();
    List<Request> out = new ArrayList<>();
    Map<ImageReference, Line> lines = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      String line = rows.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      String[] parts = content.split("\\s+");
      String where = file.getFileName() + ":" + (i + 1);
      if (parts.length != 2) {
        throw usage("--batch " + where + ": expected 'SOURCE TAG', got \"" + content + "\"");
      }
      Request r = request(where + " SOURCE", parts[0], where + " TAG", parts[1]);
      ImageReference target = r.source().repositoryOnly().withTag(r.tag());
      Line here = new Line(where + ": " + content, r.source());
      Line earlier = lines.putIfAbsent(target, here);
      if (earlier != null && !earlier.source().equals(r.source())) {
        throw usage(
            "--batch: "
                + target
                + " is given two different sources, so where it would end up depends on"
                + " timing; nothing was promoted:\n  "
                + earlier.text()
                + "\n  "
                + here.text());
      }
      out.add(r);
    }
    if (out.isEmpty()) {
      throw usage("--batch: " + file + " holds no 'SOURCE TAG' line");
    }
    return out;
  }

  private Request request(String sourceName, String source, String tagName, String tag) {
    ImageReference ref = parse(sourceName, source, ImageReference::parse);
    if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
      throw usage(
          sourceName
              + ": \""
              + source
              + "\" names neither a tag nor a"
              + " digest; give e.g. "
              + ref
              + ":sha-<commit> or "
              + ref
              + "@sha256:<digest>");
    }
    if (plainHttp && Providers.isEcr(ref)) {
      throw usage(
          "--plain-http: "
              + ref.registry()
              + " is an ECR registry, reached through ECR's API over https:// only");
    }
    return new Request(ref, parse(tagName, tag, Tag::parse));
  }

  /** A build tag cut short: {@code sha-} and 7 to 39 hex characters of a commit. */
  private static final Pattern ABBREVIATED_BUILD_TAG = Pattern.compile("sha-([0-9a-f]{7,39})");

  /**
   * Why SOURCE was not found. A tag that looks like an abbreviated build tag ({@code sha-bea45f7})
   * gets a message naming the whole form: build tags hold the whole commit, and completing an
   * abbreviation would need the registry's tag list, which {@link ImageRegistry} does not offer.
   */
  static NotFoundException notFound(ImageReference source) {
    Matcher m =
        source.digest().isPresent()
            ? null
            : source.tag().map(t -> ABBREVIATED_BUILD_TAG.matcher(t.value())).orElse(null);
    if (m == null || !m.matches()) {
      return NotFoundException.image(source);
    }
    String abbreviation = m.group(1);
    ImageReference repository = source.repositoryOnly();
    return new NotFoundException(
        "image "
            + source
            + " not found; build tags hold the whole commit: "
            + repository
            + ":sha-<40 hex characters>",
        "give the full tag, e.g. "
            + repository
            + ":sha-$(git rev-parse "
            + abbreviation
            + "), or the digest ("
            + repository
            + "@sha256:<digest>);"
            + " an abbreviation cannot be completed here because the registry's tag list is not"
            + " read",
        null);
  }

  /** A batch file's line as written, and the source it names. */
  private record Line(String text, ImageReference source) {}

  /** One line of work. */
  private record Request(ImageReference source, Tag tag) {}

  /** How one promotion ended. */
  private record Promoted(Digest digest, TagResult result) {}

  /**
   * Promotes requests, one registry client per repository. Each distinct source is resolved once,
   * whichever line asks first, and its image (with its manifest bytes) is reused for every tag that
   * names it: a batch of N tags of one source reads the source once, not N times; each tag is then
   * written by the repository's {@link TagWriter}. Safe for concurrent use.
   */
  private static final class Promoter {
    private final Function<ImageReference, ImageRegistry> registries;
    private final Function<ImageRegistry, TagWriter> tagWriters;
    private final TagPolicy policy;
    private final Map<ImageReference, Writing> writers = new ConcurrentHashMap<>();
    private final Map<ImageReference, FutureTask<ResolvedImage>> sources =
        new ConcurrentHashMap<>();

    /** A repository's registry, and the writer of its tags. */
    private record Writing(ImageRegistry registry, TagWriter writer) {}

    /**
     * @param registries makes the registry client of a repository, once per repository
     * @param tagWriters makes the tag writer of a registry, under the coordination's leases
     * @param policy whether a tag that points elsewhere may move
     */
    Promoter(
        Function<ImageReference, ImageRegistry> registries,
        Function<ImageRegistry, TagWriter> tagWriters,
        TagPolicy policy) {
      this.registries = registries;
      this.tagWriters = tagWriters;
      this.policy = policy;
    }

    Promoted promote(Request r) {
      ImageReference repository = r.source().repositoryOnly();
      Writing w =
          writers.computeIfAbsent(
              repository,
              repo -> {
                ImageRegistry registry = registries.apply(repo);
                return new Writing(registry, tagWriters.apply(registry));
              });
      ImageRegistry registry = w.registry();
      TagWriter writer = w.writer();
      ResolvedImage image = resolveOnce(registry, r.source());
      // Under the tag's lease, and counted only if the tag is on the digest afterwards.
      TagResult result = writer.write(image, repository.withTag(r.tag()), policy, line -> {});
      return new Promoted(image.digest(), result);
    }

    /**
     * The source's image, read by the first line that names it; the others wait for that read and
     * share its outcome, a failure included.
     */
    private ResolvedImage resolveOnce(ImageRegistry registry, ImageReference source) {
      FutureTask<ResolvedImage> read =
          new FutureTask<>(() -> registry.resolve(source).orElseThrow(() -> notFound(source)));
      FutureTask<ResolvedImage> first = sources.putIfAbsent(source, read);
      if (first == null) {
        read.run();
        first = read;
      }
      try {
        return first.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("resolving " + source + " failed", e.getCause());
      } catch (InterruptedException e) {
        throw OperationCancelledException.interrupted("resolving " + source, e);
      }
    }
  }
}
