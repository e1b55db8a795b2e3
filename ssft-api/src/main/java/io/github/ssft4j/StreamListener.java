package io.github.ssft4j;

/**
 * Watches a call's branches as they are generated. Called on the thread that runs the call, in the order tokens
 * are sampled (branches interleave); keep the callbacks short, they run inside the decode loop. An exception
 * thrown by a callback fails the call.
 *
 * <pre>{@code
 * ConsensusRequest request = ConsensusRequest.builder("What is 83-47?")
 *     .listener(new StreamListener() {
 *       public void onToken(TokenEvent e) { System.out.print(e.textDelta()); }
 *       public void onBranchFinished(int branch, Trace trace) { System.out.println(" [" + trace.tag() + "]"); }
 *     })
 *     .build();
 * }</pre>
 */
public interface StreamListener {
  /** Ignores every event. */
  StreamListener NONE = new StreamListener() {};

  /** @param event a token one branch just generated */
  default void onToken(TokenEvent event) {}

  /**
   * @param branch the branch's index in the call
   * @param trace its complete trace
   */
  default void onBranchFinished(int branch, Trace trace) {}
}
