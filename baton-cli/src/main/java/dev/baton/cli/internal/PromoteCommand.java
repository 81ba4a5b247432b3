package dev.baton.cli.internal;

import dev.baton.BatonException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.NotFoundException;
import dev.baton.OperationCancelledException;
import dev.baton.Tag;
import dev.baton.spi.ImageRegistry;
import dev.baton.spi.ResolvedImage;
import dev.baton.spi.TagPolicy;
import dev.baton.spi.TagResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code baton promote}: a registry-side retag of an existing image, through ECR's API for ECR
 * hosts and the OCI distribution API otherwise. No layer moves, an index stays whole, and a tag
 * already on the digest is success.
 */
public final class PromoteCommand implements Command {
  /** Concurrent promotions in a batch, unless {@code --concurrency} says otherwise. */
  static final int DEFAULT_CONCURRENCY = 4;
  static final int MAX_CONCURRENCY = 16;

  /** The command. */
  public PromoteCommand() {}

  @Override
  public String name() {
    return "promote";
  }

  @Override
  public String summary() {
    return "retag an image in its registry (no pull, no push), one or a batch";
  }

  @Override
  public String help() {
    return """
        Usage: baton promote SOURCE TAG [--allow-move] [--plain-http]
               baton promote --batch FILE [--allow-move] [--plain-http] [--concurrency N]

        Points TAG, in SOURCE's repository, at the image SOURCE names (by tag or digest),
        registry-side: the manifest is copied byte for byte, a multi-platform index stays whole,
        and no layer is pulled or pushed. ECR registries (*.dkr.ecr.*.amazonaws.com) are reached
        through ECR's API with the default AWS credentials; others through the OCI distribution
        API, with BATON_REGISTRY_USERNAME and BATON_REGISTRY_PASSWORD when set.

        A TAG that already points at the digest is success; one that points elsewhere is a
        conflict and stays unchanged, unless --allow-move. The digest is the last line printed.

        With --batch, FILE holds one 'SOURCE TAG' per line ('#' starts a comment); all are
        promoted in one process, a few at a time, printing 'TAG DIGEST' for each. A failure
        does not stop the others.

        Options:
          --allow-move       move TAG when it points at another digest
          --plain-http       use http:// (for a registry on this machine only)
          --batch FILE       promote every line of FILE
          --concurrency N    promotions at once in a batch, 1 to 16 (default: 4)
          -h, --help         show this help

        Exit status: 0 when every promotion succeeded, 1 when any failed, 2 on bad usage.
        """;
  }

  @Override
  public int run(List<String> argv, Context ctx) {
    Args args = Args.parse(argv, Set.of("--batch", "--concurrency"),
        Set.of("--allow-move", "--plain-http"));
    if (args.help()) {
      ctx.out().print(help());
      return 0;
    }
    boolean plainHttp = args.flag("--plain-http");
    TagPolicy policy = args.flag("--allow-move") ? TagPolicy.ALLOW_MOVE : TagPolicy.NO_CLOBBER;
    List<Request> requests;
    int concurrency = args.option("--concurrency", Integer::parseInt).orElse(DEFAULT_CONCURRENCY);
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new UsageException("--concurrency: must be 1 to " + MAX_CONCURRENCY + ", got "
          + concurrency);
    }
    if (args.option("--batch").isPresent()) {
      args.expectPositionals();
      requests = readBatch(ctx.resolve(args.option("--batch").get()), plainHttp);
    } else {
      if (args.option("--concurrency").isPresent()) {
        throw new UsageException("--concurrency goes with --batch only");
      }
      args.expectPositionals("SOURCE", "TAG");
      requests = List.of(request("SOURCE", args.positionals().get(0), "TAG",
          args.positionals().get(1), plainHttp));
    }
    Promoter promoter = new Promoter(ctx, plainHttp, policy);
    if (requests.size() == 1 && args.option("--batch").isEmpty()) {
      Request r = requests.get(0);
      Promoted p = promoter.promote(r);
      ctx.err().println(describe(r, p));
      ctx.out().println(p.digest());
      return 0;
    }
    return batch(requests, promoter, concurrency, ctx);
  }

  private static int batch(List<Request> requests, Promoter promoter, int concurrency,
      Context ctx) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency,
        Math.max(1, requests.size())), r -> {
          Thread t = new Thread(r, "baton-promote");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<Promoted>> futures = new ArrayList<>();
      for (Request r : requests) {
        futures.add(pool.submit(() -> promoter.promote(r)));
      }
      int failed = 0;
      for (int i = 0; i < requests.size(); i++) {
        Request r = requests.get(i);
        try {
          Promoted p = futures.get(i).get();
          ctx.err().println(describe(r, p));
          ctx.out().println(r.tag() + " " + p.digest());
        } catch (ExecutionException e) {
          failed++;
          Throwable cause = e.getCause();
          String hint = cause instanceof BatonException b && !b.hint().isEmpty()
              ? " (hint: " + b.hint() + ")" : "";
          ctx.err().println(ctx.redact("FAILED " + r.source() + " -> " + r.tag() + ": "
              + cause.getMessage() + hint));
        } catch (InterruptedException e) {
          throw OperationCancelledException.interrupted("promoting " + r.source() + " -> "
              + r.tag(), e);
        }
      }
      ctx.err().printf(Locale.ROOT, "%d promoted, %d failed%n", requests.size() - failed, failed);
      return failed == 0 ? 0 : 1;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String describe(Request r, Promoted p) {
    String what = switch (p.result()) {
      case CREATED -> "created";
      case ALREADY_PRESENT -> "already there";
      case MOVED -> "moved";
    };
    return what + ": " + r.source().repositoryOnly().withTag(r.tag()) + " -> " + p.digest();
  }

  private static List<Request> readBatch(Path file, boolean plainHttp) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--batch: cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (content.isEmpty()) {
        continue;
      }
      String[] parts = content.split("\\s+");
      String where = file.getFileName() + ":" + (i + 1);
      if (parts.length != 2) {
        throw new UsageException("--batch " + where + ": expected 'SOURCE TAG', got \"" + content
            + "\"");
      }
      out.add(request(where + " SOURCE", parts[0], where + " TAG", parts[1], plainHttp));
    }
    if (out.isEmpty()) {
      throw new UsageException("--batch: " + file + " holds no 'SOURCE TAG' line");
    }
    return out;
  }

  private static Request request(String sourceName, String source, String tagName, String tag,
      boolean plainHttp) {
    ImageReference ref = Args.parseValue(sourceName, source, ImageReference::parse);
    if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
      throw new UsageException(sourceName + ": \"" + source + "\" names neither a tag nor a"
          + " digest; give e.g. " + ref + ":sha-<commit> or " + ref + "@sha256:<digest>");
    }
    if (plainHttp && !Providers.isLoopback(ref.registry())) {
      throw new UsageException("--plain-http is accepted for a registry on this machine only"
          + " (127.0.0.1, localhost, [::1]), not " + ref.registry());
    }
    return new Request(ref, Args.parseValue(tagName, tag, Tag::parse));
  }

  /** One line of work. */
  private record Request(ImageReference source, Tag tag) {}

  /** How one promotion ended. */
  private record Promoted(Digest digest, TagResult result) {}

  /** Promotes requests, one registry client per repository. Safe for concurrent use. */
  private static final class Promoter {
    private final Context ctx;
    private final boolean plainHttp;
    private final TagPolicy policy;
    private final Map<ImageReference, ImageRegistry> registries = new ConcurrentHashMap<>();

    Promoter(Context ctx, boolean plainHttp, TagPolicy policy) {
      this.ctx = ctx;
      this.plainHttp = plainHttp;
      this.policy = policy;
    }

    Promoted promote(Request r) {
      ImageReference repository = r.source().repositoryOnly();
      ImageRegistry registry = registries.computeIfAbsent(repository, repo -> ctx.providers()
          .registry(repo, Providers.RegistryAccess.from(plainHttp, ctx.env())));
      ResolvedImage image = registry.resolve(r.source())
          .orElseThrow(() -> NotFoundException.image(r.source()));
      TagResult result = registry.tag(image, r.tag(), policy);
      return new Promoted(image.digest(), result);
    }
  }
}
