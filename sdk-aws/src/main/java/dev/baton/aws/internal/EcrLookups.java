package dev.baton.aws.internal;

import dev.baton.OperationCancelledException;
import dev.baton.spi.ResolvedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.InvalidParameterException;

/**
 * {@code BatchGetImage} calls shared by the lookups of one repository: lookups that arrive while a
 * call for their repository is under way wait for it to end, then go together in the next call, up
 * to the {@value #MAX_IMAGE_IDS} image ids one call takes (group commit, as databases write their
 * logs). A lookup alone is sent at once, so batching adds no wait; what it saves depends on how
 * many lookups overlap: the checks and read-backs of a promotion batch's concurrent tags, the
 * source reads of several lines.
 *
 * <p>Lookups are answered in the order they arrived; each caller gets the whole response and reads
 * its own image or failure from it ({@link EcrManifests}). A call that fails fails every lookup it
 * carried, each caller mapping the error in its own words. Safe for concurrent use.
 */
public final class EcrLookups {
  /** The most image ids one {@code BatchGetImage} takes ("imageIds", API_BatchGetImage.html). */
  public static final int MAX_IMAGE_IDS = 100;

  /** One caller's lookup and, once its call has ended, the answer. */
  private static final class Pending {
    final ImageIdentifier id;
    final String key;
    boolean leads;
    boolean done;
    boolean shared;
    BatchGetImageResponse response;
    RuntimeException error;

    Pending(ImageIdentifier id) {
      this.id = id;
      this.key = id.imageTag() + "@" + id.imageDigest();
    }
  }

  /** The lookups of one repository waiting for a call, and whether one is under way. */
  private static final class Line {
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    boolean busy;
  }

  private final Map<EcrRepository, Line> lines = new ConcurrentHashMap<>();

  /** {@return a batcher with no lookup under way} */
  public static EcrLookups create() {
    return new EcrLookups();
  }

  private EcrLookups() {}

  /**
   * The answer to a {@code BatchGetImage} that carried {@code id}, alone or with the ids of other
   * lookups of the same repository.
   *
   * @param ecr the client for the repository's Region
   * @param repository where to read
   * @param id the tag or digest to read
   * @return the response, and whether other ids shared it (then {@code id}'s answer must be picked
   *     out of it by id)
   * @throws software.amazon.awssdk.core.exception.SdkException as the call threw it
   * @throws OperationCancelledException when interrupted while waiting for another lookup's call
   */
  public Answer lookUp(EcrClient ecr, EcrRepository repository, ImageIdentifier id) {
    Pending mine = new Pending(id);
    Line line = lines.computeIfAbsent(repository, r -> new Line());
    synchronized (line) {
      line.waiting.add(mine);
      if (!line.busy) {
        line.busy = true;
        mine.leads = true;
      }
      while (!mine.leads && !mine.done) {
        try {
          // Bounded: the call under way is bounded by the client's timeouts and retries.
          line.wait();
        } catch (InterruptedException e) {
          leave(line, mine);
          throw OperationCancelledException.interrupted(
              "waiting for BatchGetImage of " + repository, e);
        }
      }
      if (mine.done) {
        return answer(mine, ecr, repository);
      }
    }
    List<Pending> batch;
    synchronized (line) {
      batch = take(line);
    }
    BatchGetImageResponse response = null;
    RuntimeException error = null;
    try {
      response = send(ecr, repository, batch);
    } catch (RuntimeException e) {
      error = e;
    } finally {
      if (response == null && error == null) {
        // An Error on its way up this thread: the lookups that shared the call must not wait on.
        error = new IllegalStateException("BatchGetImage of " + repository + " did not finish");
      }
      synchronized (line) {
        boolean shared = batch.stream().map(p -> p.key).distinct().count() > 1;
        for (Pending p : batch) {
          p.response = response;
          p.error = error;
          p.shared = shared;
          p.done = true;
        }
        handOn(line);
      }
    }
    return answer(mine, ecr, repository);
  }

  /**
   * One {@code BatchGetImage} of {@code id} alone, sent at once: for an answer a shared call left
   * out.
   *
   * @param ecr the client for the repository's Region
   * @param repository where to read
   * @param id the tag or digest to read
   * @return the response
   */
  public BatchGetImageResponse alone(EcrClient ecr, EcrRepository repository, ImageIdentifier id) {
    return send(ecr, repository, List.of(new Pending(id)));
  }

  /**
   * A response to a call that carried an id, and whether it carried others too.
   *
   * @param response the response
   * @param shared whether the call carried other ids
   */
  public record Answer(BatchGetImageResponse response, boolean shared) {}

  private static Answer answer(Pending p, EcrClient ecr, EcrRepository repository) {
    if (p.error instanceof InvalidParameterException && p.shared) {
      // One id ECR refuses fails the whole call: ask again alone, so that only that one fails.
      return new Answer(send(ecr, repository, List.of(p)), false);
    }
    if (p.error != null) {
      throw p.error;
    }
    return new Answer(p.response, p.shared);
  }

  /**
   * The first lookups waiting, in order, up to {@value #MAX_IMAGE_IDS} distinct ids, with every
   * later lookup of one of those ids; the leader is first in line, so it is among them.
   */
  private static List<Pending> take(Line line) {
    Map<String, Boolean> keys = new LinkedHashMap<>();
    List<Pending> batch = new ArrayList<>();
    for (Iterator<Pending> it = line.waiting.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (keys.containsKey(p.key) || keys.size() < MAX_IMAGE_IDS) {
        keys.put(p.key, Boolean.TRUE);
        batch.add(p);
        it.remove();
      }
    }
    return batch;
  }

  private static BatchGetImageResponse send(
      EcrClient ecr, EcrRepository repository, List<Pending> batch) {
    Map<String, ImageIdentifier> ids = new LinkedHashMap<>();
    for (Pending p : batch) {
      ids.putIfAbsent(p.key, p.id);
    }
    return ecr.batchGetImage(
        b ->
            b.registryId(repository.host().account())
                .repositoryName(repository.name())
                .imageIds(ids.values())
                .acceptedMediaTypes(ResolvedImage.MANIFEST_MEDIA_TYPES));
  }

  /** The next lookup in line leads the next call; with none, the line is idle. */
  private static void handOn(Line line) {
    Pending next = line.waiting.peek();
    if (next != null) {
      next.leads = true;
    } else {
      line.busy = false;
    }
    line.notifyAll();
  }

  /** An interrupted lookup leaves the line; had it been made leader, the next one leads. */
  private static void leave(Line line, Pending p) {
    line.waiting.remove(p);
    if (p.leads) {
      handOn(line);
    }
  }
}
