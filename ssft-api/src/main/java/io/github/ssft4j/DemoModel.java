package io.github.ssft4j;

import io.github.ssft4j.internal.DemoModelCache;
import java.nio.file.Path;

/**
 * The demo model: a 3.3M-parameter Qwen2 trained by this project with SSFT on two-digit subtraction, shipped as
 * the artifact {@value #ARTIFACT}. Its six tags follow different strategies (column subtraction, counting up,
 * rounding, ...), so a consensus call shows what parallel reasoning with forking tokens does in a second.
 *
 * <pre>{@code
 * try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
 *   System.out.println(reasoner.consensus("What is 83-47?", 6).answerText()); // 36
 * }
 * }</pre>
 *
 * <p>The artifact holds the model folder as class-path resources. The first call unpacks them into a per-user cache
 * folder ({@link #defaultCacheRoot()}), checking each file against its SHA-256 sum, into a temporary folder that
 * is then moved into place atomically, so JVMs starting at the same moment never see (or leave) a half-written
 * model; later calls verify and reuse it.
 */
public final class DemoModel {
  /** The Maven coordinates ({@code groupId:artifactId}) of the artifact that holds the demo model. */
  public static final String ARTIFACT = "io.github.ssft4j:ssft-demo-model";

  /**
   * The system property naming the cache root; the environment variable {@code SSFT4J_CACHE_DIR} is read when it
   * is not set.
   */
  public static final String CACHE_DIR_PROPERTY = "ssft4j.cache.dir";

  private DemoModel() {}

  /**
   * @return whether the demo model's resources are on the class path
   */
  public static boolean isAvailable() {
    return DemoModelCache.available();
  }

  /**
   * Unpacks the demo model into {@link #defaultCacheRoot()} unless a verified copy is already there.
   *
   * @return the model folder, ready for {@link ParallelReasoner#builder(Path)}
   * @throws ModelLoadException when {@value #ARTIFACT} is not on the class path, a resource does not match its
   *     SHA-256 sum, or the cache folder cannot be written
   */
  public static Path folder() {
    return folder(defaultCacheRoot());
  }

  /**
   * Unpacks the demo model under {@code cacheRoot} (into {@code cacheRoot/demo-model/VERSION-DIGEST/}) unless a
   * verified copy is already there.
   *
   * @param cacheRoot the cache root folder; created when missing
   * @return the model folder
   * @throws ModelLoadException when {@value #ARTIFACT} is not on the class path, a resource does not match its
   *     SHA-256 sum, or the cache folder cannot be written
   */
  public static Path folder(Path cacheRoot) {
    return DemoModelCache.unpack(Checks.notNull("cacheRoot", cacheRoot));
  }

  /**
   * The cache root: the system property {@value #CACHE_DIR_PROPERTY}, else the environment variable
   * {@code SSFT4J_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ssft4j}, else {@code ~/.cache/ssft4j}.
   *
   * @return the cache root folder (it may not exist yet)
   */
  public static Path defaultCacheRoot() {
    return DemoModelCache.defaultRoot();
  }

  /**
   * The settings the model card measured: greedy decoding, at most 64 new tokens (a trace is about 30), no system
   * prompt (the model was trained without one).
   *
   * @return generation options for the demo model
   */
  public static GenerationOptions generationOptions() {
    return GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(64);
  }

  /**
   * A builder for the demo model with its settings ({@link #generationOptions()}, no system prompt); change what
   * you like, then {@code build()}.
   *
   * @return a builder over {@link #folder()}
   * @throws ModelLoadException as {@link #folder()}
   */
  public static ParallelReasoner.Builder builder() {
    return ParallelReasoner.builder(folder()).systemPrompt(null).generation(generationOptions());
  }
}
