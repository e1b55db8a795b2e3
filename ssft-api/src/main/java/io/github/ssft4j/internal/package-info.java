/** Implementation details of {@code ssft-api} (the demo model's cache); not API, may change in any release. */
package io.github.ssft4j.internal;
