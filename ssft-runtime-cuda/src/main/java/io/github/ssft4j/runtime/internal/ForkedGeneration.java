package io.github.ssft4j.runtime.internal;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import io.github.ssft4j.FinishReason;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.GenerationException;
import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.LogProbSummary;
import io.github.ssft4j.StreamListener;
import io.github.ssft4j.TokenEvent;
import io.github.ssft4j.Trace;
import io.github.ssft4j.spi.Cancellation;
import io.github.ssft4j.spi.ForkRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One fork request on the decoder: the prompt, with the start every branch prefix shares (the fork prefix), is
 * prefilled once at batch 1, its KV cache copied into one row per branch, each row fed the rest of its own tag prefix
 * (left-padded when those differ in length), then all rows decoded
 * together; finished rows leave the batch (a row-gather copy) per {@link RunControls#shrinkShare()}.
 * When every branch has the same tag, the prefix is prefilled with the prompt instead. The request's cancellation
 * is checked between prefill chunks and before every decode step; its listener hears every token.
 */
final class ForkedGeneration {
  /** Prompt tokens per prefill run: bounds the {@code [1, chunk, vocab]} logits a run produces. */
  static final int PREFILL_CHUNK = 256;

  private final DecoderSession decoder;
  private final ModelTokenizer tokenizer;
  private final ModelFolder folder;
  private final GenerationOptions options;
  private final StreamListener listener;
  private final boolean streaming;
  private final Cancellation cancellation;
  private final RunControls controls;
  private final RunStats.Recorder stats;
  private final IntFunction<long[]> prefixIds;
  private final StopStrings stops;
  private ForkingTokens forking;
  /** Branch-prefix tokens every branch shares, prefilled with the prompt by the last {@link #run}. */
  private int commonPrefixLength;
  /** The logits after the prompt and those shared tokens; null when the prefill went past them (one shared tag). */
  private float[] afterCommonPrefix;

  ForkedGeneration(DecoderSession decoder, ModelTokenizer tokenizer, ModelFolder folder, ForkRequest request,
      RunControls controls, RunStats.Recorder stats, IntFunction<long[]> prefixIds) {
    this.prefixIds = prefixIds;
    GenerationOptions options = request.options();
    this.listener = request.listener();
    this.streaming = listener != StreamListener.NONE;
    this.cancellation = request.cancellation();
    this.stops = new StopStrings(options.stopStrings(), tokenizer);
    this.decoder = decoder;
    this.tokenizer = tokenizer;
    this.folder = folder;
    this.options = options;
    this.controls = controls;
    this.stats = stats;
  }

  /** A branch's growing state. */
  private final class BranchState {
    final int tag;
    final int index;
    final Sampler sampler;
    long[] ids = new long[16];
    float[] logProbs = new float[16];
    int count;
    int position;
    int padStart;
    int padCount;
    /** In-place exports: tag-prefix tokens still to feed before this branch samples. */
    long[] pending = new long[0];
    int pendingAt;
    FinishReason finish;
    Trace trace;
    /** This step: whether the branch samples, and the token it drew (kept here: no per-step arrays). */
    boolean due;
    int drawn;
    // Streaming: the window [prefixOffset, readOffset) was already decoded into streamed text (as in
    // transformers' incremental detokenization), so a token's delta costs two short decodes, not the whole trace.
    int prefixOffset;
    int readOffset;
    int streamedChars;

    BranchState(int tag, int index) {
      this.tag = tag;
      this.index = index;
      this.sampler = new Sampler(options, options.seed(), index);
    }

    /** Records the token {@link #sampler} drew (timed as stop checks). */
    void record(int token) {
      long t1 = System.nanoTime();
      accept(token);
      stats.stopCheckNanos += System.nanoTime() - t1;
    }

    void accept(int token) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
        logProbs = Arrays.copyOf(logProbs, count * 2);
      }
      ids[count] = token;
      logProbs[count] = sampler.lastLogProb();
      count++;
      if (!options.ignoreEos() && folder.eosTokens().contains((long) token)) {
        finish = FinishReason.EOS;
      } else if (stops.any() && stops.completedBy(ids, count)) {
        finish = FinishReason.STOP_STRING;
      } else if (count >= options.maxNewTokens() || position >= folder.maxPositions()) {
        finish = FinishReason.MAX_TOKENS;
      }
      stats.generatedTokens++;
      if (finish != null) {
        trace = trace();
      }
      if (streaming) {
        listener.onToken(new TokenEvent(index, tag, token, finish != null ? finalDelta() : delta()));
        if (finish != null) {
          listener.onBranchFinished(index, trace);
        }
      }
    }

    private String delta() {
      String before = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset), true);
      String now = tokenizer.decode(Arrays.copyOfRange(ids, prefixOffset, count), true);
      // An incomplete UTF-8 sequence decodes to U+FFFD: wait for the tokens that complete it.
      if (now.length() <= before.length() || now.endsWith("\uFFFD")) {
        return "";
      }
      String delta = now.substring(before.length());
      prefixOffset = readOffset;
      readOffset = count;
      streamedChars += delta.length();
      return delta;
    }

    /** The rest of the final text, so that the deltas add up to {@link Trace#text()}. */
    private String finalDelta() {
      String text = trace.text();
      String delta = streamedChars <= text.length() ? text.substring(streamedChars) : "";
      streamedChars = text.length();
      return delta;
    }

    Trace trace() {
      ForkingTokens tokens = forking;
      long[] generated = Arrays.copyOf(ids, count);
      List<Integer> list = new ArrayList<>(count);
      for (long id : generated) {
        list.add((int) id);
      }
      return new Trace(tag, tag == 0 ? "" : tokens.tag(tag), tokenizer.decode(generated, true), list, finish,
          LogProbSummary.of(logProbs, count));
    }
  }

  /**
   * @param prompt the prompt's ids
   * @param tags one tag index per branch
   * @param forking the model's tags, for the traces' tag text
   */
  List<Trace> run(long[] prompt, List<Integer> tags, ForkingTokens forking) {
    this.forking = forking;
    int k = tags.size();
    int vocab = decoder.vocab;
    long[][] prefixes = new long[k][];
    BranchState[] branches = new BranchState[k];
    int maxPrefix = 0;
    boolean shared = true;
    for (int b = 0; b < k; b++) {
      int tag = tags.get(b);
      prefixes[b] = prefixIds.apply(tag);
      maxPrefix = Math.max(maxPrefix, prefixes[b].length);
      shared &= Arrays.equals(prefixes[b], prefixes[0]);
      branches[b] = new BranchState(tag, b);
    }
    int p = prompt.length;
    // The prefill needs at least one token: the prompt, or the prefix every branch shares.
    if (p == 0 && !(shared && prefixes[0].length > 0)) {
      throw new GenerationException("the prompt is empty: there is nothing to condition generation on");
    }
    if ((long) p + maxPrefix >= folder.maxPositions()) {
      throw new GenerationException("the prompt has " + p + " tokens (+" + maxPrefix + " of tag prefix), which "
          + "leaves no room under max_position_embeddings=" + folder.maxPositions() + " of "
          + folder.dir().resolve("config.json"));
    }
    checkMemory(k, p, maxPrefix);
    for (long id : prompt) {
      if (id < 0 || id >= vocab) {
        throw new GenerationException("token id " + id + " of the prompt is outside the model's vocabulary of "
            + vocab);
      }
    }
    stats.promptTokens = p;

    // What every branch prefix starts with (the fork prefix, at least) is prefilled with the prompt, once; the
    // logits after it are then the model's distribution at the fork, which the caller may report.
    int common = shared ? 0 : commonPrefix(prefixes);
    long[] first = shared ? concat(prompt, prefixes[0]) : concat(prompt, Arrays.copyOf(prefixes[0], common));
    for (int b = 0; common > 0 && b < k; b++) {
      prefixes[b] = Arrays.copyOfRange(prefixes[b], common, prefixes[b].length);
    }
    maxPrefix -= common;
    commonPrefixLength = common;
    stats.prefillTokens += p; // the one run that carries prompt tokens
    if (decoder.inPlace) {
      InPlace.generate(this, first, shared ? null : prefixes, branches);
      return traces(branches);
    }
    DecoderSession.Step prefill = prefill(decoder, first, stats, cancellation);
    KvCache cache = null;
    try {
      float[] lastPrompt = lastRow(prefill, 0, stats);
      afterCommonPrefix = shared ? null : lastPrompt;
      int length = first.length;
      if (k == 1) {
        cache = KvCache.of(prefill); // fed back as it is: no copy for a single branch
      } else {
        cache = KvCache.of(prefill).selectRows(decoder, new int[k], stats); // the one copy of the prompt's KV
        prefill.close();
      }
      prefill = null;
      float[][] rowLogits = new float[k][];
      if (shared) {
        for (int b = 0; b < k; b++) {
          rowLogits[b] = lastPrompt;
          branches[b].position = length;
        }
      } else {
        cache = feedPrefixes(cache, first.length, prefixes, maxPrefix, branches, rowLogits, lastPrompt);
        length = first.length + maxPrefix;
      }
      decode(cache, length, branches, rowLogits);
    } finally {
      if (prefill != null) {
        prefill.close();
      }
    }
    return traces(branches);
  }

  /** @return how many branch-prefix tokens the last {@link #run} prefilled with the prompt (0: none) */
  int commonPrefixLength() {
    return commonPrefixLength;
  }

  /**
   * @return the logits after the prompt and the shared branch-prefix tokens, or null when every branch had the same
   *     prefix (the prefill then went past the fork)
   */
  float[] logitsAfterCommonPrefix() {
    return afterCommonPrefix;
  }

  /** @return how many leading tokens all {@code prefixes} share */
  static int commonPrefix(long[][] prefixes) {
    int n = prefixes[0].length;
    for (long[] prefix : prefixes) {
      n = Math.min(n, prefix.length);
      for (int i = 0; i < n; i++) {
        if (prefix[i] != prefixes[0][i]) {
          n = i;
          break;
        }
      }
    }
    return n;
  }

  private static List<Trace> traces(BranchState[] branches) {
    List<Trace> traces = new ArrayList<>(branches.length);
    for (BranchState branch : branches) {
      traces.add(branch.trace);
    }
    return traces;
  }

  /**
   * Generation on an in-place export ({@link SharedKvCache}): the prompt is prefilled into row 0 of the shared
   * buffers and copied once into every other row; tag prefixes that differ are fed one token a step, each row
   * sampling as soon as its own prefix is in (rows never need padding: attention reads each row's own length).
   */
  private static final class InPlace {
    private InPlace() {}

    static void generate(ForkedGeneration g, long[] first, long[][] prefixes, BranchState[] branches) {
      int k = branches.length;
      int maxPrefix = 0;
      for (int b = 0; prefixes != null && b < k; b++) {
        maxPrefix = Math.max(maxPrefix, prefixes[b].length);
      }
      int capacity = (int) Math.min(g.folder.maxPositions(),
          (long) first.length + maxPrefix + g.options.maxNewTokens() + 1);
      try (SharedKvCache cache = new SharedKvCache(g.decoder, k, capacity)) {
        cache.view(1);
        float[] lastPrompt = prefillInPlace(g.decoder, first, cache, g.stats, g.cancellation);
        g.afterCommonPrefix = prefixes == null ? null : lastPrompt;
        for (int b = 1; b < k; b++) {
          g.stats.bytesCopied += cache.copyRow(0, b, first.length); // the prompt, written once per row
        }
        cache.view(k);
        for (int b = 0; b < k; b++) {
          branches[b].position = first.length;
          branches[b].pending = prefixes == null ? new long[0] : prefixes[b];
        }
        decode(g, cache, branches, lastPrompt);
      }
    }

    private static void decode(ForkedGeneration g, SharedKvCache cache, BranchState[] branches, float[] first) {
      int batch = branches.length;
      int[] rowBranch = new int[batch];
      for (int r = 0; r < batch; r++) {
        rowBranch[r] = r;
      }
      FloatBuffer logits = null;
      int vocab = g.decoder.vocab;
      DecoderSession.DecodeBuffers buffers = null;
      g.stats.decodeStart = System.nanoTime();
      try {
        while (true) {
          g.cancellation.checkpoint();
          int alive = sampleRows(g.stats, branches, rowBranch, batch, logits, vocab, first, null);
          if (alive == 0) {
            return;
          }
          long tensors0 = System.nanoTime();
          if (g.controls.shouldShrink(batch, batch - alive)) {
            int[] keep = unfinishedRows(branches, rowBranch, batch, alive);
            g.stats.bytesCopied += cache.compact(keep);
            rowBranch = branchesOf(rowBranch, keep);
            batch = alive;
            g.stats.gathers++;
          }
          if (buffers == null || buffers.batch != batch) {
            if (buffers != null) {
              buffers.close();
            }
            buffers = g.decoder.decodeBuffers(batch);
          }
          for (int r = 0; r < batch; r++) {
            BranchState st = branches[rowBranch[r]];
            if (st.finish == null) {
              buffers.ids.put(r, st.pendingAt < st.pending.length ? st.pending[st.pendingAt++] : st.ids[st.count - 1]);
              buffers.positions.put(r, st.position++);
            } else {
              // A finished row still in the batch: its output (and the position it writes) is ignored.
              buffers.ids.put(r, g.folder.padTokenId());
              buffers.positions.put(r, Math.min(st.position, g.folder.maxPositions() - 1));
            }
          }
          long tensors1 = System.nanoTime();
          // The logits stay in our buffer; the step's new positions are appended to the cache (timed inside).
          g.decoder.decodeInPlace(buffers, cache, g.stats).close();
          long tensors2 = System.nanoTime();
          g.stats.rowSteps += batch;
          g.stats.decodeSteps++;
          logits = buffers.logits;
          g.stats.tensorNanos += tensors1 - tensors0 + System.nanoTime() - tensors2;
        }
      } finally {
        if (buffers != null) {
          buffers.close();
        }
      }
    }
  }

  /**
   * Native memory a call may take for its KV cache (twice the cache at its longest: a row gather copies it), by
   * default half the machine's physical memory.
   */
  static final long KV_BUDGET_BYTES = physicalMemory() / 2;

  private static long physicalMemory() {
    java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getTotalMemorySize() > 0) {
      return sun.getTotalMemorySize();
    }
    return 16L << 30;
  }

  /**
   * Checks, before anything is allocated, that the cache of {@code k} rows at their longest and the prefix step's
   * logits fit: each tensor in one direct buffer (at most 2 GB), the cache within {@link #KV_BUDGET_BYTES}.
   */
  private void checkMemory(int k, int p, int maxPrefix) {
    long length = Math.min(folder.maxPositions(), (long) p + maxPrefix + options.maxNewTokens());
    long rowBytes = (long) decoder.kvHeads * decoder.headDim * length * Float.BYTES;
    long perTensor = rowBytes * k;
    long total = perTensor * decoder.cacheSlots() * 2;
    if (perTensor > Integer.MAX_VALUE || total > KV_BUDGET_BYTES) {
      throw new GenerationException("k=" + k + " branches of up to " + length + " positions need " + total
          + " bytes of KV cache (" + perTensor + " per tensor), above the limit of " + KV_BUDGET_BYTES
          + " bytes (and " + Integer.MAX_VALUE + " per tensor): use fewer branches or a smaller maxNewTokens");
    }
    long prefixLogits = (long) k * maxPrefix * decoder.vocab * Float.BYTES;
    if (prefixLogits > Integer.MAX_VALUE) {
      throw new GenerationException("k=" + k + " branches with tag prefixes of " + maxPrefix + " tokens need "
          + prefixLogits + " bytes of logits in one step, above the limit of " + Integer.MAX_VALUE + " bytes");
    }
  }

  /**
   * Runs {@code ids} at batch 1 in chunks of {@link #PREFILL_CHUNK} tokens, so a long prompt never needs logits for
   * all its positions at once.
   *
   * @return the last chunk's step, whose {@code present.*} tensors cover the whole prompt
   */
  static DecoderSession.Step prefill(DecoderSession decoder, long[] ids, RunStats.Recorder stats,
      Cancellation cancellation) {
    KvCache cache = KvCache.owning(decoder.emptyCache(1));
    try {
      for (int start = 0; ; start += PREFILL_CHUNK) {
        cancellation.checkpoint();
        int end = Math.min(ids.length, start + PREFILL_CHUNK);
        DecoderSession.Step step = decoder.run(Arrays.copyOfRange(ids, start, end), ones(end), range(start, end), 1,
            cache.tensors(), stats);
        cache.close();
        if (end == ids.length) {
          cache = null;
          return step;
        }
        cache = KvCache.of(step);
      }
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
  }

  /**
   * Runs {@code ids} into row 0 of an in-place {@code cache} (viewing one row) in chunks of {@link #PREFILL_CHUNK}
   * tokens.
   *
   * @return the last position's logits
   */
  static float[] prefillInPlace(DecoderSession decoder, long[] ids, SharedKvCache cache, RunStats.Recorder stats,
      Cancellation cancellation) {
    for (int start = 0; ; start += PREFILL_CHUNK) {
      cancellation.checkpoint();
      int end = Math.min(ids.length, start + PREFILL_CHUNK);
      try (DecoderSession.Step step = decoder.runInPlace(Arrays.copyOfRange(ids, start, end), range(start, end),
          cache, stats)) {
        if (end == ids.length) {
          return lastRow(step, 0, stats);
        }
      }
    }
  }

  /** Feeds each row its tag prefix in one step, left-padded (masked) to the longest prefix. */
  private KvCache feedPrefixes(KvCache cache, int p, long[][] prefixes, int width, BranchState[] branches,
      float[][] rowLogits, float[] lastPrompt) {
    int k = prefixes.length;
    long[] ids = new long[k * width];
    long[] positions = new long[k * width];
    long[] mask = new long[k * (p + width)];
    Arrays.fill(mask, 1L);
    for (int b = 0; b < k; b++) {
      int pad = width - prefixes[b].length;
      for (int j = 0; j < width; j++) {
        ids[b * width + j] = j < pad ? folder.padTokenId() : prefixes[b][j - pad];
        positions[b * width + j] = j < pad ? p : p + j - pad;
      }
      for (int slot = p; slot < p + pad; slot++) {
        mask[b * (p + width) + slot] = 0;
      }
      branches[b].padStart = p;
      branches[b].padCount = pad;
      branches[b].position = p + prefixes[b].length;
    }
    DecoderSession.Step step;
    try {
      step = decoder.run(ids, mask, positions, k, cache.tensors(), stats);
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
    cache.close();
    KvCache next = KvCache.of(step);
    for (int b = 0; b < k; b++) {
      // A branch without a prefix continues from the prompt's last logits.
      rowLogits[b] = prefixes[b].length == 0 ? lastPrompt : lastRow(step, b, stats);
    }
    return next;
  }

  /** Samples and feeds all unfinished rows together until every branch has finished; closes the cache. */
  private void decode(KvCache start, int startLength, BranchState[] branches, float[][] startLogits) {
    KvCache cache = start;
    int length = startLength;
    int batch = branches.length;
    int[] rowBranch = new int[batch];
    for (int r = 0; r < batch; r++) {
      rowBranch[r] = r;
    }
    float[][] rowLogits = startLogits;
    FloatBuffer logits = null;
    int vocab = 0;
    DecoderSession.DecodeBuffers buffers = null;
    MaskBuffer masks = new MaskBuffer();
    int[] padStart = new int[batch];
    int[] padCount = new int[batch];
    stats.decodeStart = System.nanoTime();
    try {
      while (true) {
        cancellation.checkpoint();
        int alive = sampleRows(stats, branches, rowBranch, batch, logits, vocab, null, rowLogits);
        if (alive == 0) {
          return;
        }
        long tensors0 = System.nanoTime();
        int finished = batch - alive;
        if (controls.shouldShrink(batch, finished)) {
          int[] keep = unfinishedRows(branches, rowBranch, batch, alive);
          KvCache smaller = cache.selectRows(decoder, keep, stats);
          cache.close();
          cache = smaller;
          rowBranch = branchesOf(rowBranch, keep);
          batch = alive;
          stats.gathers++;
        }
        if (buffers == null || buffers.batch != batch) {
          if (buffers != null) {
            buffers.close();
          }
          buffers = decoder.decodeBuffers(batch);
        }
        for (int r = 0; r < batch; r++) {
          BranchState st = branches[rowBranch[r]];
          if (st.finish == null) {
            buffers.ids.put(r, st.ids[st.count - 1]);
            buffers.positions.put(r, st.position++);
          } else {
            // A finished row still in the batch: its output is ignored.
            buffers.ids.put(r, folder.padTokenId());
            buffers.positions.put(r, Math.min(st.position, folder.maxPositions() - 1));
          }
          padStart[r] = st.padStart;
          padCount[r] = st.padCount;
        }
        LongBuffer mask = masks.fill(batch, length + 1, padStart, padCount);
        stats.bytesCopied += masks.bytesWritten;
        long tensors1 = System.nanoTime();
        DecoderSession.Step step = decoder.decode(buffers, mask, cache.tensors(), stats);
        long tensors2 = System.nanoTime();
        stats.rowSteps += batch;
        stats.decodeSteps++;
        cache.close();
        cache = KvCache.of(step);
        length++;
        // Decode steps have one position per row: row r's logits start at r * vocab (read in place).
        logits = step.logits();
        vocab = (int) step.logitsShape()[2];
        stats.tensorNanos += tensors1 - tensors0 + System.nanoTime() - tensors2;
      }
    } finally {
      cache.close();
      if (buffers != null) {
        buffers.close();
      }
    }
  }

  /**
   * Below this many logits a step's rows are sampled on the calling thread: handing rows to other cores costs more
   * than it saves for small vocabularies.
   */
  static final long PARALLEL_SAMPLING_MIN_LOGITS = 1L << 17;

  /**
   * Samples the next token of every unfinished row that has no tag-prefix token left to feed: from the step's
   * logits (row r at {@code r * vocab}), or before the first step from {@code first} (shared by all rows) or
   * {@code rowLogits[r]}; then records the tokens in row order (listeners see the same sequence whatever the
   * threads). With a large vocabulary the rows are sampled in parallel on the common pool while ONNX Runtime's
   * threads are idle; each row has its own seeded sampler, so the draws do not depend on the threads.
   *
   * @return how many rows are still unfinished
   */
  private static int sampleRows(RunStats.Recorder stats, BranchState[] branches, int[] rowBranch, int batch,
      FloatBuffer logits, int vocab, float[] first, float[][] rowLogits) {
    int ready = 0;
    for (int r = 0; r < batch; r++) {
      BranchState st = branches[rowBranch[r]];
      st.due = st.finish == null && st.pendingAt == st.pending.length;
      ready += st.due ? 1 : 0;
    }
    long t0 = System.nanoTime();
    int width = logits != null ? vocab : first != null ? first.length : rowLogits.length == 0 ? 0 : rowLogits[0].length;
    if (ready > 1 && (long) ready * width >= PARALLEL_SAMPLING_MIN_LOGITS) {
      java.util.stream.IntStream.range(0, batch).parallel()
          .forEach(r -> draw(branches[rowBranch[r]], r, logits, vocab, first, rowLogits));
    } else {
      for (int r = 0; r < batch; r++) {
        draw(branches[rowBranch[r]], r, logits, vocab, first, rowLogits);
      }
    }
    stats.samplingNanos += System.nanoTime() - t0;
    int alive = 0;
    for (int r = 0; r < batch; r++) {
      BranchState st = branches[rowBranch[r]];
      if (st.due) {
        st.record(st.drawn);
      }
      if (st.finish == null) {
        alive++;
      }
    }
    return alive;
  }

  /** Draws row {@code r}'s token into {@link BranchState#drawn} when the branch is due to sample. */
  private static void draw(BranchState st, int r, FloatBuffer logits, int vocab, float[] first,
      float[][] rowLogits) {
    if (!st.due) {
      return;
    }
    if (logits != null) {
      st.drawn = st.sampler.next(logits, r * vocab, vocab);
    } else {
      float[] row = first != null ? first : rowLogits[r];
      st.drawn = st.sampler.next(FloatBuffer.wrap(row), 0, row.length);
    }
  }

  /** @return the rows of the batch whose branch has not finished, ascending */
  private static int[] unfinishedRows(BranchState[] branches, int[] rowBranch, int batch, int alive) {
    int[] keep = new int[alive];
    for (int r = 0, i = 0; r < batch; r++) {
      if (branches[rowBranch[r]].finish == null) {
        keep[i++] = r;
      }
    }
    return keep;
  }

  private static int[] branchesOf(int[] rowBranch, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rowBranch[rows[i]];
    }
    return out;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static long[] ones(int n) {
    long[] out = new long[n];
    Arrays.fill(out, 1L);
    return out;
  }

  static long[] range(int from, int to) {
    long[] out = new long[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  /** The logits of the last position of {@code row}. */
  static float[] lastRow(DecoderSession.Step step, int row, RunStats.Recorder stats) {
    long[] shape = step.logitsShape();
    int seq = (int) shape[1];
    int vocab = (int) shape[2];
    float[] out = new float[vocab];
    stats.bytesCopied += (long) vocab * Float.BYTES;
    step.logits().get((row * seq + seq - 1) * vocab, out);
    return out;
  }
}
