package io.github.ssft4j.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssft4j.ForkingTokens;
import io.github.ssft4j.ModelLoadException;
import io.github.ssft4j.SsftException;
import io.github.ssft4j.TagSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The optional {@code ssft.json} of a model or checkpoint folder:
 * {@code {"count": 6, "tag_format": "<think{i}>", "prefix_format": "<|im_start|>{tag}\n", "tag_policy":
 * "model_chosen"}}. Every field is optional; {@code tag_policy} (a {@link TagSchedule} name, any case) is the tag
 * schedule the model prefers when the caller sets none, e.g. {@code model_argmax} after GFPO.
 *
 * @param forkingTokens the tags, {@link ForkingTokens#DEFAULT} when the file or a field is absent
 * @param tagPolicy the preferred schedule, empty when not declared
 */
public record SsftSettings(ForkingTokens forkingTokens, Optional<TagSchedule> tagPolicy) {
  /** The file name. */
  public static final String FILE = "ssft.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** No file: the default tags, no preferred policy. */
  public static final SsftSettings DEFAULT = new SsftSettings(ForkingTokens.DEFAULT, Optional.empty());

  /**
   * @param dir a model or checkpoint folder
   * @return its settings, {@link #DEFAULT} without an {@code ssft.json}
   * @throws ModelLoadException naming the file and field when it is invalid
   */
  public static SsftSettings read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return DEFAULT;
    }
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new ModelLoadException(file + " is not a JSON object");
    }
    ForkingTokens tokens;
    try {
      tokens = new ForkingTokens(
          node.path("count").asInt(ForkingTokens.DEFAULT.count()),
          node.path("tag_format").asText(ForkingTokens.DEFAULT.tagFormat()),
          node.path("prefix_format").asText(ForkingTokens.DEFAULT.prefixFormat()));
    } catch (SsftException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
    return new SsftSettings(tokens, tagPolicy(node, file));
  }

  /**
   * @param dir a model folder
   * @return the {@code tag_policy} its {@code ssft.json} declares, empty without one
   * @throws ModelLoadException naming the file and field when the value is not a schedule
   */
  public static Optional<TagSchedule> readTagPolicy(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return tagPolicy(JSON.readTree(file.toFile()), file);
    } catch (IOException e) {
      throw new ModelLoadException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static Optional<TagSchedule> tagPolicy(JsonNode node, Path file) {
    if (node == null || !node.hasNonNull("tag_policy")) {
      return Optional.empty();
    }
    String name = node.get("tag_policy").asText();
    try {
      return Optional.of(TagSchedule.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(file + ": field 'tag_policy' must be one of "
          + Arrays.toString(TagSchedule.values()).toLowerCase(Locale.ROOT) + ", got '" + name + "'", e);
    }
  }

  /**
   * Writes {@code ssft.json} into {@code dir} (replacing one that is there).
   *
   * @param dir the folder
   * @throws ModelLoadException when writing fails
   */
  public void write(Path dir) {
    var node = JSON.createObjectNode();
    node.put("count", forkingTokens.count());
    node.put("tag_format", forkingTokens.tagFormat());
    node.put("prefix_format", forkingTokens.prefixFormat());
    tagPolicy.ifPresent(p -> node.put("tag_policy", p.name().toLowerCase(Locale.ROOT)));
    Path file = dir.resolve(FILE);
    Path tmp = dir.resolve(FILE + ".tmp");
    try {
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ModelLoadException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param policy the preferred schedule
   * @return a copy with it
   */
  public SsftSettings withTagPolicy(TagSchedule policy) {
    return new SsftSettings(forkingTokens, Optional.of(policy));
  }
}
