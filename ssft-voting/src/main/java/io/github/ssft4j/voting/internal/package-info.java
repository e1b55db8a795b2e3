/**
 * Implementation details of {@code ssft-voting} (the seeded adversarial-input generator of the verifier's fuzz
 * tests and benchmarks); not API, may change in any release.
 */
package io.github.ssft4j.voting.internal;
