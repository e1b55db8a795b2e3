/** SSFT training data: the JSONL reader with located errors, and the encoding of records into token ids. */
package io.github.ssft4j.train.internal.data;
