/** A synthetic parallel-reasoning task: two-digit subtraction solved by five identifiable strategies. */
package io.github.ssft4j.research.task;
