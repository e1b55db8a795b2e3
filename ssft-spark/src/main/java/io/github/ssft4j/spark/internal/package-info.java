/** The task side of {@code ssft-spark}: row conversion, in-flight calls, threads. Not API. */
package io.github.ssft4j.spark.internal;
