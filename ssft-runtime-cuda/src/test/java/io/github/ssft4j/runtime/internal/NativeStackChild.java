package io.github.ssft4j.runtime.internal;

import io.github.ssft4j.GenerationOptions;
import io.github.ssft4j.Prompt;
import io.github.ssft4j.RuntimeOptions;
import io.github.ssft4j.spi.ForkRequest;
import java.nio.file.Path;
import java.util.List;

/** Run in a child JVM by {@link NativeStackTest}: loads the model folder in args[0] and generates a few tokens. */
public final class NativeStackChild {
  private NativeStackChild() {}

  public static void main(String[] args) {
    try (OnnxModel model = new OnnxRuntimeBackend().open(Path.of(args[0]), RuntimeOptions.DEFAULT)) {
      String text = model.generate(new ForkRequest(Prompt.question(null, "What is 1+1?"), List.of(1),
          GenerationOptions.DEFAULT.withTemperature(0).withMaxNewTokens(4))).get(0).text();
      System.out.println("generated " + text.length() + " characters; command line "
          + NativeThread.commandLineBytes() + " bytes");
    }
  }
}
