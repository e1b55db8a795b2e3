#!/usr/bin/env bash
# Jlama 0.8.4 beside ssft4j on the same checkpoint, in the same sitting: six answers of the same length each.
#   bench/jlama/run.sh [SHAPE] [TOKENS]      (default qwen2.5-0.5b 32; build ssft first: mvn -B -DskipTests package)
# Jlama needs Java 21+ with the Vector API: JAVA25 points at it (default: the Temurin 25 under /usr/lib/jvm).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shape="${1:-qwen2.5-0.5b}"
tokens="${2:-32}"
java25="${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/ssft4j/bench/$shape"
# ssft creates (or reuses) the random-weight checkpoint and its export, and times consensus@6 on it.
echo "=== ssft4j consensus@6 ($shape, $tokens tokens an answer)"
"$root/bin/ssft" bench consensus --shape "$shape" -k 6 --max-new-tokens "$tokens" --repeats 1 --warmup 1 \
  --no-compare-shrink | grep -E "generated tokens/s|speedup_vs_sequential"
mkdir -p "$here/target"
mvn -B -q -f "$here/pom.xml" dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt" >/dev/null
echo "=== Jlama 0.8.4 (same checkpoint: $cache/hf)"
"$java25" --add-modules jdk.incubator.vector --enable-preview -cp "$(cat "$here/target/classpath.txt")" \
  "$here/JlamaBench.java" "$cache/hf" "$tokens" 6 2>&1 | grep -v "WARNING"
