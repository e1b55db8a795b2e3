/**
 * Service-provider interfaces: inference backends, answer extraction and equivalence, voting, training and
 * export. Register an implementation in {@code META-INF/services/<interface name>}.
 */
package io.github.ssft4j.spi;
