package io.github.ssft4j.cli;

import picocli.CommandLine.Option;

/** {@code --threads} for the commands that train with DJL's PyTorch engine. */
final class TorchThreadsMixin {
  @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads; 0 keeps PyTorch's "
      + "default. Default: ${DEFAULT-VALUE} (two OpenMP threads were far slower on a loaded 2-core machine).")
  int threads;

  /** Sets DJL's thread count unless the user set it; PyTorch reads it once, so call before any training code. */
  void apply() {
    if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    }
  }
}
