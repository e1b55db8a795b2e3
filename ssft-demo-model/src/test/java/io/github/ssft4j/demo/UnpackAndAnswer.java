package io.github.ssft4j.demo;

import io.github.ssft4j.DemoModel;
import io.github.ssft4j.ParallelReasoner;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child of {@link TwoJvmUnpackTest}: announces itself, waits for the go signal, unpacks the demo model (timing
 * the unpack), loads it and answers. Prints {@code folder<TAB>unpackStartMillis<TAB>unpackEndMillis<TAB>answer}.
 */
public final class UnpackAndAnswer {
  private UnpackAndAnswer() {}

  /** @param args the rendezvous folder and this child's name */
  public static void main(String[] args) throws Exception {
    Path rendezvous = Path.of(args[0]);
    Files.createFile(rendezvous.resolve("ready-" + args[1]));
    Path go = rendezvous.resolve("go");
    while (!Files.exists(go)) {
      Thread.onSpinWait();
    }
    long start = System.currentTimeMillis();
    Path folder = DemoModel.folder();
    long end = System.currentTimeMillis();
    try (ParallelReasoner reasoner = ParallelReasoner.demo()) {
      String answer = reasoner.consensus("What is 83-47?", 6).answerText();
      System.out.println(folder + "\t" + start + "\t" + end + "\t" + answer);
    }
  }
}
