package io.queuey.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the request log lines out of a server log. The request log writes a batch of lines as one
 * record, and Payara's log format wraps a record of several lines in {@code [[} and {@code ]]}: the
 * last line of a batch then ends in {@code ]]}, which is not part of the request's line.
 */
final class RequestLogLines {

  private static final String RECORD_END = "]]";

  private RequestLogLines() {}

  /** What the server wrote to {@code log} after its first {@code offset} bytes. */
  static String since(Path log, long offset) throws IOException {
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(offset);
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The request lines in {@code text} that contain {@code start} and end in client-gone. */
  static long clientGone(String text, String start) {
    return text.lines()
        .map(RequestLogLines::withoutRecordEnd)
        .filter(line -> line.contains(start) && line.endsWith(" client-gone"))
        .count();
  }

  static String withoutRecordEnd(String line) {
    String stripped = line.strip();
    return stripped.endsWith(RECORD_END)
        ? stripped.substring(0, stripped.length() - RECORD_END.length())
        : stripped;
  }
}
