/**
 * LangChain4j models backed by a {@link io.github.ssft4j.ParallelReasoner}: {@link
 * io.github.ssft4j.langchain4j.SsftChatModel} and {@link io.github.ssft4j.langchain4j.SsftStreamingChatModel}. Each
 * chat call is one consensus call; the reply is the text of a branch whose answer won the vote, and {@link
 * io.github.ssft4j.langchain4j.SsftChatResponseMetadata} carries the tally, the chosen answer and every branch's
 * answer. They work wherever LangChain4j takes a model, {@code AiServices} included:
 *
 * <pre>{@code
 * interface Calculator {
 *   String subtract(String question);
 * }
 *
 * try (ParallelReasoner reasoner = ParallelReasoner.load(Path.of("models/qwen2-ssft"))) {
 *   Calculator calculator = AiServices.create(Calculator.class, SsftChatModel.builder(reasoner).k(6).build());
 *   System.out.println(calculator.subtract("What is 83 - 47?"));
 * }
 * }</pre>
 */
package io.github.ssft4j.langchain4j;
