/** Runnable examples of the ssft4j public API. */
package io.github.ssft4j.examples;
