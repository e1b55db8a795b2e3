package io.github.ssft4j.train.internal.ssft;

import io.github.ssft4j.TrainingConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.TrainingException;
import io.github.ssft4j.train.internal.hf.AtomicFiles;
import io.github.ssft4j.train.internal.optim.AdamW;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resumable checkpoints in {@code <out>/checkpoints/step-NNNNNN/}: the model as a Hugging Face checkpoint
 * ({@code model/}), the optimiser moments ({@code optimizer.safetensors}) and {@code state.json} (step, method,
 * seed, matching counts). A checkpoint is written into a hidden temporary folder and renamed into place, so a
 * {@code step-*} folder is always complete; the two newest are kept.
 */
public final class Checkpoints {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEEP = 2;
  private final Path dir;

  /**
   * A saved checkpoint.
   *
   * @param dir its folder
   * @param step steps done
   * @param counts matching counts
   */
  public record Saved(Path dir, int step, long[][] counts) {
    /** @return the Hugging Face checkpoint inside */
    public Path modelDir() {
      return dir.resolve("model");
    }

    /** @return the optimiser state file */
    public Path optimizerFile() {
      return dir.resolve("optimizer.safetensors");
    }
  }

  /** @param dir the checkpoints folder (created when needed) */
  public Checkpoints(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes a checkpoint atomically and prunes old ones.
   *
   * @param step steps done
   * @param model the model
   * @param optimizer the optimiser
   * @param config the run's config (method and seed must match on resume)
   * @param counts matching counts so far
   * @return the checkpoint folder
   */
  public Path save(int step, CausalLm model, AdamW optimizer, TrainingConfig config, long[][] counts) {
    return save(step, model, optimizer, config.method().name(), config.seed(), counts);
  }

  /**
   * Writes a checkpoint atomically and prunes old ones (for runs configured otherwise than by
   * {@link TrainingConfig}, e.g. GFPO).
   *
   * @param step steps done
   * @param model the model
   * @param optimizer the optimiser
   * @param method the run's method name (must match on resume)
   * @param seed the run's seed (must match on resume)
   * @param counts counts to restore on resume
   * @return the checkpoint folder
   */
  public Path save(int step, CausalLm model, AdamW optimizer, String method, long seed, long[][] counts) {
    Path target = dir.resolve(String.format("step-%06d", step));
    Path tmp = dir.resolve(".tmp-" + target.getFileName());
    try {
      Files.createDirectories(dir);
      deleteTree(tmp);
      Files.createDirectories(tmp);
      model.save(tmp.resolve("model"));
      optimizer.save(tmp.resolve("optimizer.safetensors"));
      ObjectNode state = JSON.createObjectNode();
      state.put("step", step);
      state.put("method", method);
      state.put("seed", seed);
      ArrayNode rows = state.putArray("matchingCounts");
      for (long[] r : counts) {
        ArrayNode row = rows.addArray();
        for (long c : r) {
          row.add(c);
        }
      }
      // state.json last: list() only counts folders that have it, so it marks a complete checkpoint.
      AtomicFiles.write(tmp.resolve("state.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
      AtomicFiles.sync(tmp);
      deleteTree(target);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.sync(dir);
      List<Path> all = list();
      for (int i = 0; i + KEEP < all.size(); i++) {
        deleteTree(all.get(i));
      }
      return target;
    } catch (IOException e) {
      throw new TrainingException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param config the run's config: a checkpoint of another method or seed is an error, not silently resumed
   * @return the newest complete checkpoint, if any
   */
  public Optional<Saved> latest(TrainingConfig config) {
    return latest(config.method().name(), config.seed());
  }

  /**
   * @param method the run's method name: a checkpoint of another method is an error, not silently resumed
   * @param seed the run's seed, likewise
   * @return the newest complete checkpoint, if any
   */
  public Optional<Saved> latest(String method, long seed) {
    List<Path> all = list();
    if (all.isEmpty()) {
      return Optional.empty();
    }
    Path last = all.get(all.size() - 1);
    Path stateFile = last.resolve("state.json");
    try {
      JsonNode state = JSON.readTree(stateFile.toFile());
      String savedMethod = state.path("method").asText();
      long savedSeed = state.path("seed").asLong();
      if (!savedMethod.equals(method) || savedSeed != seed) {
        throw new TrainingException(stateFile + ": checkpoint is method=" + savedMethod + " seed=" + savedSeed
            + " but the run is method=" + method + " seed=" + seed + "; use another --out folder");
      }
      JsonNode rows = state.path("matchingCounts");
      long[][] counts = new long[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        counts[i] = new long[rows.get(i).size()];
        for (int j = 0; j < counts[i].length; j++) {
          counts[i][j] = rows.get(i).get(j).asLong();
        }
      }
      return Optional.of(new Saved(last, state.path("step").asInt(), counts));
    } catch (IOException e) {
      throw new TrainingException("cannot read " + stateFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes what an interrupted save left: hidden {@code .tmp-step-*} folders (never complete checkpoints).
   *
   * @throws TrainingException when they cannot be deleted
   */
  public void removeIncomplete() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
        deleteTree(p);
      }
    } catch (IOException e) {
      throw new TrainingException("cannot clean up " + dir + ": " + e.getMessage(), e);
    }
  }

  private List<Path> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("step-\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve("state.json"))).toList());
      out.sort(Comparator.comparing(p -> p.getFileName().toString()));
      return out;
    } catch (IOException e) {
      throw new TrainingException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    AtomicFiles.deleteTree(p);
  }
}
