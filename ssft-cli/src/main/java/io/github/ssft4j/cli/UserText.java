package io.github.ssft4j.cli;

import io.github.ssft4j.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User text (a question, a prompt) given on the command line, as {@code -} for standard input, or in a file.
 * Long text belongs in a file or on standard input: it then stays off the process command line, which every tool
 * listing processes shows and whose length native code may pay for.
 */
final class UserText {
  /** The value meaning "read standard input". */
  static final String STDIN = "-";

  private UserText() {}

  /**
   * @param what the option's name, for messages
   * @param value text given on the command line, {@code -} for standard input, or null
   * @param file a UTF-8 file holding the text, or null
   * @param stdin standard input
   * @return the text (one trailing line break removed from a file or standard input), or null when neither is given
   */
  static String read(String what, String value, Path file, InputStream stdin) {
    if (value != null && file != null) {
      throw new InvalidArgumentException("give " + what + " as text or as a file, not both");
    }
    if (file != null) {
      try {
        return chomp(decode(Files.readAllBytes(file), file.toString()));
      } catch (IOException e) {
        throw new InvalidArgumentException("cannot read " + what + " from " + file + ": " + e.getMessage());
      }
    }
    if (STDIN.equals(value)) {
      try {
        return chomp(decode(stdin.readAllBytes(), "standard input"));
      } catch (IOException e) {
        throw new InvalidArgumentException("cannot read " + what + " from standard input: " + e.getMessage());
      }
    }
    return value;
  }

  private static String decode(byte[] bytes, String source) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidArgumentException(source + " is not valid UTF-8");
    }
  }

  private static String chomp(String text) {
    if (text.endsWith("\r\n")) {
      return text.substring(0, text.length() - 2);
    }
    return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
  }
}
