/** Helpers for the results pages and model cards the research harness writes. */
package io.github.ssft4j.research.report;
