package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.GenerationException;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.RuntimeOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** The native resources of one model folder, shared by every {@link OnnxModel} opened on it; reference counted. */
final class LoadedModel {
  final ModelFolder folder;
  final ModelTokenizer tokenizer;
  final ChatTemplate template;
  final DecoderSession decoder;
  private final Map<Integer, long[]> prefixes = new ConcurrentHashMap<>();
  private volatile TagSequences tagSequences;
  // Calls hold the read lock; freeing the native resources takes the write lock, so it waits for calls in flight
  // instead of pulling memory from under them.
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean freed;
  private int references;

  private LoadedModel(ModelFolder folder, ModelTokenizer tokenizer, ChatTemplate template, DecoderSession decoder) {
    this.folder = folder;
    this.tokenizer = tokenizer;
    this.template = template;
    this.decoder = decoder;
  }

  static LoadedModel load(Path dir, RuntimeOptions runtime) {
    ModelTokenizer tokenizer = ModelTokenizer.load(requireDir(dir));
    DecoderSession decoder = null;
    try {
      ModelFolder folder = ModelFolder.read(dir, tokenizer);
      ChatTemplate template = ChatTemplate.load(dir);
      decoder = DecoderSession.open(folder, runtime);
      if (tokenizer.maxTokenId() >= decoder.vocab) {
        throw new ModelLoadException(tokenizer.file() + " has token ids up to " + tokenizer.maxTokenId()
            + " but the logits of " + folder.model() + " cover only " + decoder.vocab + " ids: tokenizer and model "
            + "do not belong together");
      }
      return new LoadedModel(folder, tokenizer, template, decoder);
    } catch (RuntimeException e) {
      if (decoder != null) {
        decoder.close();
      }
      tokenizer.close();
      throw e;
    }
  }

  private static Path requireDir(Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new ModelLoadException("model folder " + dir + " does not exist or is not a directory");
    }
    return dir;
  }

  /**
   * @param tag a 1-based tag index, or 0 for none
   * @return the token ids of the tag's branch prefix, tokenized once per model; the caller must not modify them
   */
  long[] prefixIds(int tag) {
    if (tag == 0) {
      return new long[0];
    }
    // ForkingTokens.prefix validates the index before anything is cached.
    String prefix = folder.forkingTokens().prefix(tag);
    return prefixes.computeIfAbsent(tag, t -> tokenizer.encode(prefix));
  }

  /** @return the fork prefix and every tag's token sequence, tokenized once per model */
  TagSequences tagSequences() {
    TagSequences t = tagSequences;
    if (t == null) {
      t = TagSequences.of(folder.forkingTokens(), tokenizer::encode);
      tagSequences = t;
    }
    return t;
  }

  synchronized LoadedModel retain() {
    references++;
    return this;
  }

  /** @return the references left; at zero the native resources are freed once running calls have returned */
  synchronized int release() {
    if (--references == 0) {
      lock.writeLock().lock();
      try {
        freed = true;
        decoder.close();
        tokenizer.close();
      } finally {
        lock.writeLock().unlock();
      }
    }
    return references;
  }

  /**
   * Runs {@code call} while the native resources cannot be freed.
   *
   * @throws GenerationException when they already were
   */
  <T> T use(Supplier<T> call) {
    lock.readLock().lock();
    try {
      if (freed) {
        throw new GenerationException("model " + folder.dir() + " is closed");
      }
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }
}
