package io.github.ssft4j.train.internal.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The weights of a Hugging Face checkpoint folder: {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json}.
 */
public final class HfCheckpoint {
  /** The single-file weights name. */
  public static final String SINGLE = "model.safetensors";
  /** The shard index name. */
  public static final String INDEX = "model.safetensors.index.json";
  /** Default shard size limit when writing: 2 GB per file keeps every shard readable by 32-bit-offset readers. */
  public static final long DEFAULT_MAX_SHARD_BYTES = 2L << 30;

  private static final ObjectMapper JSON = new ObjectMapper();

  private HfCheckpoint() {}

  /**
   * Where each tensor of the checkpoint lives.
   *
   * @return tensor name to its file and header entry, in file then data order
   * @throws ModelLoadException when neither weights file exists or the index names a missing file
   */
  public static Map<String, Located> index(Path dir) {
    Path index = dir.resolve(INDEX);
    Map<String, Located> out = new LinkedHashMap<>();
    if (Files.exists(index)) {
      JsonNode map;
      try {
        map = JSON.readTree(index.toFile()).get("weight_map");
      } catch (IOException e) {
        throw new ModelLoadException("cannot parse " + index + ": " + e.getMessage(), e);
      }
      if (map == null || !map.isObject()) {
        throw new ModelLoadException(index + ": missing object field 'weight_map'");
      }
      Map<String, List<String>> byFile = new TreeMap<>();
      map.properties().forEach(f -> byFile.computeIfAbsent(f.getValue().asText(), k -> new ArrayList<>())
          .add(f.getKey()));
      for (var e : byFile.entrySet()) {
        Path shard = dir.resolve(e.getKey());
        if (!Files.exists(shard)) {
          throw new ModelLoadException(index + ": weight_map names shard " + e.getKey() + ", which does not exist");
        }
        Map<String, Safetensors.Entry> header = Safetensors.header(shard);
        for (String name : e.getValue()) {
          Safetensors.Entry entry = header.get(name);
          if (entry == null) {
            throw new ModelLoadException(index + ": tensor '" + name + "' is not in shard " + shard);
          }
          out.put(name, new Located(shard, entry));
        }
      }
      return out;
    }
    Path single = dir.resolve(SINGLE);
    if (!Files.exists(single)) {
      throw new ModelLoadException("checkpoint folder " + dir + " has neither " + SINGLE + " nor " + INDEX);
    }
    Safetensors.header(single).forEach((k, v) -> out.put(k, new Located(single, v)));
    return out;
  }

  /**
   * A tensor in a file.
   *
   * @param file the safetensors file
   * @param entry its header entry
   */
  public record Located(Path file, Safetensors.Entry entry) {
    /** @return the tensor as float32 */
    public FloatTensor read() {
      return Safetensors.read(file, entry);
    }
  }

  /**
   * Writes {@code tensors} into {@code dir} as F32: one {@code model.safetensors} when they fit in
   * {@code maxShardBytes}, else numbered shards plus {@code model.safetensors.index.json}; every file atomic. Weights
   * files of the other layout left from an earlier save are removed afterwards.
   */
  public static void write(Path dir, Map<String, FloatTensor> tensors, long maxShardBytes) {
    List<Map<String, FloatTensor>> shards = new ArrayList<>();
    Map<String, FloatTensor> cur = new LinkedHashMap<>();
    long curBytes = 0;
    long total = 0;
    for (var e : tensors.entrySet()) {
      long b = 4L * e.getValue().data().length;
      if (!cur.isEmpty() && curBytes + b > maxShardBytes) {
        shards.add(cur);
        cur = new LinkedHashMap<>();
        curBytes = 0;
      }
      cur.put(e.getKey(), e.getValue());
      curBytes += b;
      total += b;
    }
    shards.add(cur);
    Map<String, String> md = Map.of("format", "pt");
    try {
      if (shards.size() == 1) {
        Safetensors.write(dir.resolve(SINGLE), shards.get(0), md);
        Files.deleteIfExists(dir.resolve(INDEX));
        deleteShards(dir, Set.of());
        return;
      }
      ObjectNode index = JSON.createObjectNode();
      index.putObject("metadata").put("total_size", total);
      ObjectNode wm = index.putObject("weight_map");
      List<String> names = new ArrayList<>();
      for (int i = 0; i < shards.size(); i++) {
        String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
        names.add(name);
        Safetensors.write(dir.resolve(name), shards.get(i), md);
        shards.get(i).keySet().forEach(k -> wm.put(k, name));
      }
      AtomicFiles.write(dir.resolve(INDEX), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
      Files.deleteIfExists(dir.resolve(SINGLE));
      deleteShards(dir, Set.copyOf(names));
    } catch (IOException e) {
      throw new TrainingException("cannot write weights into " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies the tokenizer, chat template and generation files of {@code from} into {@code to} atomically: every
   * regular file except weights, {@code config.json}, ONNX files and hidden files.
   *
   * @param skip file names not to copy (written otherwise)
   * @throws TrainingException when copying fails
   */
  public static void copyAuxiliaryFiles(Path from, Path to, Set<String> skip) {
    if (from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
      return;
    }
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (Files.isRegularFile(f) && isAuxiliary(n) && !skip.contains(n)) {
          AtomicFiles.copy(f, to.resolve(n));
        }
      }
    } catch (IOException e) {
      throw new TrainingException("cannot copy tokenizer files from " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the tokenizer, chat template and generation files of {@code dir} (the files
   * {@link #copyAuxiliaryFiles} copies) into memory, so that a model can be saved after its source folder is gone
   * (a resumed run's checkpoint is pruned while training goes on).
   *
   * @return file name to content, sorted by name
   * @throws ModelLoadException when the folder cannot be read
   */
  public static Map<String, byte[]> readAuxiliaryFiles(Path dir) {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (Files.isRegularFile(f) && isAuxiliary(n)) {
          out.put(n, Files.readAllBytes(f));
        }
      }
      return out;
    } catch (IOException e) {
      throw new io.github.ssft4j.ModelLoadException("cannot read the tokenizer files of " + dir + ": "
          + e.getMessage(), e);
    }
  }

  /** Tokenizer, template and generation files travel with the weights; weights, config and ONNX files do not. */
  private static boolean isAuxiliary(String name) {
    return !name.startsWith(".")
        && !name.equals("config.json")
        && !name.endsWith(".safetensors")
        && !name.equals(INDEX)
        && !name.contains(".onnx")
        && !name.endsWith(".bin")
        && !name.endsWith(".pt");
  }

  private static void deleteShards(Path dir, Set<String> keep) throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.matches("model-\\d{5}-of-\\d{5}\\.safetensors") && !keep.contains(n)) {
          Files.delete(p);
        }
      }
    }
  }
}
