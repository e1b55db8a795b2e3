import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import java.io.File;
import java.util.Locale;
import java.util.UUID;

/**
 * Jlama on a Hugging Face checkpoint folder: six answers of {@code tokens} tokens each, one after the other (one
 * Jlama model serves one generation at a time), temperature 0.7; prints tokens/s. Run by run.sh.
 */
public class JlamaBench {
  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    int tokens = Integer.parseInt(args[1]);
    int answers = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    AbstractModel model = ModelSupport.loadModel(dir, DType.F32, DType.I8);
    PromptContext prompt = PromptContext.of("What is 37+48?");
    model.generate(UUID.randomUUID(), prompt, 0.7f, 8, (s, f) -> {}); // warm-up
    long generated = 0;
    long t0 = System.nanoTime();
    for (int a = 0; a < answers; a++) {
      Generator.Response r = model.generate(UUID.randomUUID(), prompt, 0.7f, tokens, (s, f) -> {});
      generated += r.generatedTokens;
      System.out.printf(Locale.ROOT, "jlama answer %d: %d tokens, prompt %d ms, generate %d ms, %s%n", a,
          r.generatedTokens, r.promptTimeMs, r.generateTimeMs, r.finishReason);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "jlama_tokens_per_s=%.2f answers=%d generated_tokens=%d seconds=%.1f threads=%d%n",
        generated / seconds, answers, generated, seconds, Runtime.getRuntime().availableProcessors());
  }
}
